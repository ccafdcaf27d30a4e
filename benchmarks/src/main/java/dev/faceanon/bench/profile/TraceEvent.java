package dev.faceanon.bench.profile;

import java.util.List;

/**
 * One operator call of a libtorch profiler trace: its name, start and duration in microseconds, the
 * thread, and the shapes of its arguments (empty for non-tensor arguments).
 *
 * @param name e.g. {@code aten::conv2d}
 * @param start start in µs
 * @param duration duration in µs
 * @param thread the recording thread
 * @param shapes one shape per argument
 */
public record TraceEvent(String name, double start, double duration, long thread, List<long[]> shapes) {

    /** @return the end in µs */
    public double end() {
        return start + duration;
    }

    /**
     * @param i argument index
     * @return its shape, or an empty array if there is no such argument or it is not a tensor
     */
    public long[] shape(int i) {
        return i < shapes.size() ? shapes.get(i) : new long[0];
    }
}
