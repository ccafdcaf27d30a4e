package dev.faceanon.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.batch.ImageFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 10: a bad hub setting in the environment is one line on stderr and exit code 1, never a
 * stack trace. The environment can only be set for a new process, so the CLI runs in one.
 */
class HubErrorReportingTest {

    record Result(int exit, String out, String err) {}

    private static Result runCli(Path home, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), FaceAnonCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("HF_") || k.startsWith("FACEANON_"));
        pb.environment().put("HOME", home.toString());
        pb.environment().put("XDG_CACHE_HOME", home.resolve("cache").toString());
        pb.environment().putAll(env);
        pb.redirectOutput(home.resolve("out.txt").toFile());
        pb.redirectError(home.resolve("err.txt").toFile());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the CLI did not finish");
        }
        return new Result(p.exitValue(), Files.readString(home.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(home.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    private static void assertOneLine(Result r, String start) {
        assertEquals(ExitCode.ERROR, r.exit(), r.err());
        List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), "one line, no stack trace:\n" + r.err());
        assertTrue(lines.get(0).startsWith(start), lines.get(0));
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void anFtpEndpointIsOneLineForFetchModelsAndRedact(@TempDir Path home) throws Exception {
        Result fetch = runCli(home, Map.of("HF_ENDPOINT", "ftp://x"), "fetch-models");
        assertOneLine(fetch, "faceanon: HF_ENDPOINT must be an http or https base URL");

        Path photo = home.resolve("photo.png");
        ImageFiles.write(SamplePhoto.create().image(), photo);
        Result redact = runCli(home, Map.of("HF_ENDPOINT", "http://exa mple"), "redact", photo.toString(), "-o",
                home.resolve("out").toString());
        assertOneLine(redact, "faceanon: HF_ENDPOINT is not a URL");
    }

    @Test
    void anUnusableTokenOrPaceIsOneLineAndTheTokenIsNotShown(@TempDir Path home) throws Exception {
        Result token = runCli(home, Map.of("HF_TOKEN", "hf_secret value"), "fetch-models");
        assertOneLine(token, "faceanon: HF_TOKEN holds a character");
        assertFalse(token.err().contains("secret"), token.err());

        Result pace = runCli(home, Map.of("FACEANON_DOWNLOAD_MIN_RATE", "fast"), "fetch-models");
        assertOneLine(pace, "faceanon: FACEANON_DOWNLOAD_MIN_RATE must be a positive number");
    }
}
