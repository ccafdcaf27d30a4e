package dev.faceanon.bench.report;

import ai.djl.engine.Engine;
import dev.faceanon.bench.ProcKibFields;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The machine and software a run was measured on.
 *
 * @param cpu the CPU model, e.g. {@code AMD EPYC}
 * @param logicalCores processors available to the JVM
 * @param memoryKib total memory in KiB, 0 if unknown
 * @param os distribution, kernel and architecture
 * @param djl the DJL version
 * @param libtorch the libtorch version DJL's PyTorch engine loaded, with the GPUs it sees
 */
public record MachineDescription(String cpu, int logicalCores, long memoryKib, String os, String djl,
        String libtorch) {

    /** Checks the values. */
    public MachineDescription {
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(djl, "djl");
        Objects.requireNonNull(libtorch, "libtorch");
        if (logicalCores < 1 || memoryKib < 0) {
            throw new IllegalArgumentException("cores must be positive and memory non-negative");
        }
    }

    /**
     * Describes this machine from {@code /proc} and {@code /etc/os-release}; loads the PyTorch
     * engine to ask its version.
     *
     * @return the description; fields that cannot be read are "unknown"
     */
    public static MachineDescription collect() {
        String cpuinfo = readOrEmpty(Path.of("/proc/cpuinfo"));
        OptionalLong memory = ProcKibFields.field(readOrEmpty(Path.of("/proc/meminfo")), "MemTotal");
        String distribution = prettyName(readOrEmpty(Path.of("/etc/os-release")));
        String os = (distribution.isEmpty() ? "" : distribution + ", ") + System.getProperty("os.name") + " "
                + System.getProperty("os.version") + " " + System.getProperty("os.arch");
        Engine pytorch = Engine.getEngine("PyTorch");
        int gpus = pytorch.getGpuCount();
        String libtorch = pytorch.getVersion() + (gpus == 0 ? " (CPU only)" : " (" + gpus + " GPUs visible)");
        return new MachineDescription(cpuModel(cpuinfo), Runtime.getRuntime().availableProcessors(),
                memory.orElse(0), os, Engine.getDjlVersion(), libtorch);
    }

    /**
     * @param cpuinfo the text of {@code /proc/cpuinfo}
     * @return the first {@code model name}, or "unknown"
     */
    static String cpuModel(String cpuinfo) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals("model name")) {
                String model = line.substring(colon + 1).trim();
                return model.isEmpty() ? "unknown" : model;
            }
        }
        return "unknown";
    }

    /**
     * @param osRelease the text of {@code /etc/os-release}
     * @return its {@code PRETTY_NAME} without quotes, or empty
     */
    static String prettyName(String osRelease) {
        for (String line : osRelease.split("\n")) {
            if (line.startsWith("PRETTY_NAME=")) {
                return line.substring("PRETTY_NAME=".length()).replace("\"", "").trim();
            }
        }
        return "";
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException | SecurityException e) {
            return "";
        }
    }
}
