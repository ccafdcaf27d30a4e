package dev.faceanon.examples.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The CLI in a process of its own, for what only a new process can have: an environment of its own (no
 * {@code HF_*} or {@code FACEANON_*} variables but the given ones, an empty home and cache under {@code home}).
 */
final class CliProcess {

    /**
     * @param exit the exit code
     * @param out standard output
     * @param err standard error
     */
    record Result(int exit, String out, String err) {}

    private CliProcess() {}

    static Result run(Path home, Map<String, String> env, String... args) throws IOException, InterruptedException {
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
}
