package dev.faceanon.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.batch.ImageFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 10: a bad hub setting in the environment is one line on stderr and exit code 1, never a
 * stack trace. The environment can only be set for a new process, so the CLI runs in one.
 */
class HubErrorReportingTest {

    private static CliProcess.Result runCli(Path home, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        return CliProcess.run(home, env, args);
    }

    private static void assertOneLine(CliProcess.Result r, String start) {
        assertEquals(ExitCode.ERROR, r.exit(), r.err());
        List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), "one line, no stack trace:\n" + r.err());
        assertTrue(lines.get(0).startsWith(start), lines.get(0));
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void anFtpEndpointIsOneLineForFetchModelsAndRedact(@TempDir Path home) throws Exception {
        CliProcess.Result fetch = runCli(home, Map.of("HF_ENDPOINT", "ftp://x"), "fetch-models");
        assertOneLine(fetch, "faceanon: HF_ENDPOINT must be an http or https base URL");

        Path photo = home.resolve("photo.png");
        ImageFiles.write(SamplePhoto.create().image(), photo);
        CliProcess.Result redact = runCli(home, Map.of("HF_ENDPOINT", "http://exa mple"), "redact", photo.toString(), "-o",
                home.resolve("out").toString());
        assertOneLine(redact, "faceanon: HF_ENDPOINT is not a URL");
    }

    @Test
    void anUnusableTokenOrPaceIsOneLineAndTheTokenIsNotShown(@TempDir Path home) throws Exception {
        CliProcess.Result token = runCli(home, Map.of("HF_TOKEN", "hf_secret value"), "fetch-models");
        assertOneLine(token, "faceanon: HF_TOKEN holds a character");
        assertFalse(token.err().contains("secret"), token.err());

        CliProcess.Result pace = runCli(home, Map.of("FACEANON_DOWNLOAD_MIN_RATE", "fast"), "fetch-models");
        assertOneLine(pace, "faceanon: FACEANON_DOWNLOAD_MIN_RATE must be a positive number");
    }
}
