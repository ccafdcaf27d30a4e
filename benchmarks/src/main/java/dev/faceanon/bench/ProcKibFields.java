package dev.faceanon.bench;

import java.util.OptionalLong;

/**
 * Reads {@code Name: <number> kB} lines of Linux {@code /proc} texts (proc(5)), where kB means KiB:
 * {@code VmHWM} (peak resident set size) and {@code VmRSS} (current) of {@code /proc/<pid>/status},
 * {@code MemTotal} of {@code /proc/meminfo}.
 */
public final class ProcKibFields {
    private ProcKibFields() {
    }

    /**
     * @param status the text of a status file
     * @return the peak resident set size in KiB: {@code VmHWM}, or {@code VmRSS} where a kernel
     *     does not report the peak; empty if neither line is present and well formed
     */
    public static OptionalLong peakResidentKib(String status) {
        OptionalLong peak = field(status, "VmHWM");
        return peak.isPresent() ? peak : field(status, "VmRSS");
    }

    /**
     * @param text the text of a status or meminfo file
     * @param name a field such as {@code VmRSS}
     * @return its value in KiB, or empty if the line is absent or not {@code <number> kB}
     */
    public static OptionalLong field(String text, String name) {
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0 || !line.substring(0, colon).equals(name)) {
                continue;
            }
            String[] parts = line.substring(colon + 1).trim().split("\\s+");
            if (parts.length != 2 || !parts[1].equals("kB")) {
                return OptionalLong.empty();
            }
            try {
                long kib = Long.parseLong(parts[0]);
                return kib < 0 ? OptionalLong.empty() : OptionalLong.of(kib);
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }
}
