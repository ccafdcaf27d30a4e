package dev.faceanon.video;

import java.util.List;
import java.util.Objects;

/**
 * What a video run did: the frames written, every track and where its positions came from, every
 * span of frames in which a face was not processed as asked, the flicker in the face regions and
 * where the time went.
 *
 * @param input the input's description
 * @param frames frames written (as many as were read)
 * @param tracks one report per track, by id
 * @param fallbacks the frames and tracks whose face fell back, by track then frame; empty when every
 *     face in every frame was processed as asked
 * @param flicker flicker in the face regions, output versus input
 * @param times where the time went
 * @param damage what the decoder reported about damage to an input processed as decoded; empty
 *     for an intact input
 */
public record VideoResult(VideoInfo input, long frames, List<TrackReport> tracks, List<FallbackSpan> fallbacks,
        FlickerReport flicker, StageTimes times, List<String> damage) {

    /**
     * @param input see {@link #input()}
     * @param frames see {@link #frames()}
     * @param tracks see {@link #tracks()}
     * @param fallbacks see {@link #fallbacks()}
     * @param flicker see {@link #flicker()}
     * @param times see {@link #times()}
     * @param damage see {@link #damage()}
     * @throws NullPointerException if a component is null
     */
    public VideoResult {
        Objects.requireNonNull(input, "input");
        tracks = List.copyOf(tracks);
        fallbacks = List.copyOf(fallbacks);
        Objects.requireNonNull(flicker, "flicker");
        Objects.requireNonNull(times, "times");
        damage = List.copyOf(damage);
    }

    /** @return true if every face in every frame was processed as asked */
    public boolean allAsked() {
        return fallbacks.isEmpty();
    }

    /** @return how many face-frames fell back, over all tracks */
    public long fallbackFrames() {
        return fallbacks.stream().mapToLong(FallbackSpan::frames).sum();
    }
}
