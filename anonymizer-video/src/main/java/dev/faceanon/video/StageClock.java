package dev.faceanon.video;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongSupplier;

/** Adds up the time spent in each stage of a run. */
final class StageClock {

    /** The stages {@link StageTimes} reports. */
    enum Stage { DECODING, DETECTION, TRACKING, FACES, ENCODING }

    /** Work that may fail with an {@link IOException}. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws IOException;
    }

    private final LongSupplier nanoClock;
    private final long start;
    private final Map<Stage, Long> spent = new EnumMap<>(Stage.class);

    StageClock(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.start = nanoClock.getAsLong();
    }

    <T> T time(Stage stage, Work<T> work) throws IOException {
        long t0 = nanoClock.getAsLong();
        try {
            return work.run();
        } finally {
            spent.merge(stage, nanoClock.getAsLong() - t0, Long::sum);
        }
    }

    StageTimes times() {
        return new StageTimes(of(Stage.DECODING), of(Stage.DETECTION), of(Stage.TRACKING), of(Stage.FACES),
                of(Stage.ENCODING), Duration.ofNanos(nanoClock.getAsLong() - start));
    }

    private Duration of(Stage stage) {
        return Duration.ofNanos(spent.getOrDefault(stage, 0L));
    }
}
