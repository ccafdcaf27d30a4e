package dev.faceanon.djl.device;

import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises libtorch's CUDA out-of-memory errors, which reach Java as DJL {@code EngineException}s
 * carrying the C++ message, e.g. "CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 7.79 GiB total
 * capacity; ...)".
 */
public final class CudaOutOfMemory {
    private static final Pattern TRIED = Pattern.compile("Tried to allocate (\\d+(?:\\.\\d+)?) ?(GiB|MiB|KiB|B)");
    private static final int MAX_CAUSES = 16;

    private CudaOutOfMemory() {}

    /**
     * @param t any failure
     * @return true if it, or one of its causes, is a CUDA out-of-memory error
     */
    public static boolean isOutOfMemory(Throwable t) {
        return message(t) != null;
    }

    /**
     * @param t a failure
     * @return the allocation size libtorch reports it failed to make, if stated
     */
    public static OptionalLong requestedBytes(Throwable t) {
        String m = message(t);
        if (m == null) {
            return OptionalLong.empty();
        }
        Matcher x = TRIED.matcher(m);
        if (!x.find()) {
            return OptionalLong.empty();
        }
        double v = Double.parseDouble(x.group(1));
        long unit;
        switch (x.group(2)) {
            case "GiB":
                unit = 1L << 30;
                break;
            case "MiB":
                unit = 1L << 20;
                break;
            case "KiB":
                unit = 1L << 10;
                break;
            default:
                unit = 1;
        }
        return OptionalLong.of(Math.round(v * unit));
    }

    private static String message(Throwable t) {
        Throwable c = t;
        for (int i = 0; c != null && i < MAX_CAUSES; i++, c = c.getCause()) {
            String m = c.getMessage();
            if (m != null) {
                String lower = m.toLowerCase(Locale.ROOT);
                if (lower.contains("cuda out of memory") || lower.contains("cuda error: out of memory")) {
                    return m;
                }
            }
        }
        return null;
    }
}
