package dev.faceanon.video;

import dev.faceanon.align.PixelRect;
import dev.faceanon.image.RgbImage;
import dev.faceanon.video.track.TrackedFace;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Measures {@link FlickerReport}: for each face present in two consecutive frames, the mean
 * absolute difference of the samples within its box in the later frame, for input and output.
 */
final class FlickerMeter {
    private RgbImage previousInput;
    private RgbImage previousOutput;
    private Set<Integer> previousTracks = Set.of();
    private long pairs;
    private long samples;
    private long inputSum;
    private long outputSum;

    /**
     * @param input the frame as read
     * @param output the frame as written
     * @param faces its tracked faces
     */
    void add(RgbImage input, RgbImage output, List<TrackedFace> faces) {
        Set<Integer> tracks = new HashSet<>();
        for (TrackedFace f : faces) {
            tracks.add(f.trackId());
            if (previousInput == null || !previousTracks.contains(f.trackId())) {
                continue;
            }
            PixelRect r = PixelRect.ofBox(f.face().box(), input.width(), input.height());
            for (int y = r.top(); y < r.bottom(); y++) {
                for (int x = r.left(); x < r.right(); x++) {
                    for (int c = 0; c < RgbImage.CHANNELS; c++) {
                        inputSum += Math.abs(input.sample(x, y, c) - previousInput.sample(x, y, c));
                        outputSum += Math.abs(output.sample(x, y, c) - previousOutput.sample(x, y, c));
                    }
                }
            }
            samples += r.area() * RgbImage.CHANNELS;
            pairs++;
        }
        previousInput = input;
        previousOutput = output;
        previousTracks = tracks;
    }

    FlickerReport report() {
        return samples == 0 ? new FlickerReport(pairs, 0, 0)
                : new FlickerReport(pairs, (double) inputSum / samples, (double) outputSum / samples);
    }
}
