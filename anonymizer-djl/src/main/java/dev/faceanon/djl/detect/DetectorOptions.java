package dev.faceanon.djl.detect;

import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.RgbImage;

/**
 * Settings of {@link S3fdFanFaceDetector}.
 *
 * @param maxDetectionSide the longest side S3FD runs at; larger photos are shrunk for detection
 *     only (landmarks are always taken from the full-resolution photo). Work and peak memory of the
 *     network grow with the pixel count: a 1600×1200 input took about 1.5 GB above the weights
 *     (90 MB) and 13 s on two CPU cores in a measurement with DJL 0.36's libtorch.
 * @param filterThreshold boxes must score above this after NMS (face-alignment: 0.5)
 * @param maxCandidates at most this many boxes above the filter threshold enter NMS (the best);
 *     the reference has no limit
 * @param maxImagePixels photos with more pixels are rejected before any conversion
 */
public record DetectorOptions(int maxDetectionSide, double filterThreshold, int maxCandidates, long maxImagePixels) {
    /** Default for {@link #maxDetectionSide()}. */
    public static final int DEFAULT_MAX_DETECTION_SIDE = 1600;
    /** face-alignment's {@code filter_threshold}. */
    public static final double DEFAULT_FILTER_THRESHOLD = 0.5;
    /** Default for {@link #maxCandidates()}. */
    public static final int DEFAULT_MAX_CANDIDATES = 10_000;

    /**
     * Creates an instance, checking its components.
     *
     * @param maxDetectionSide the longest side S3FD runs at; larger photos are shrunk for detection
     *     only (landmarks are always taken from the full-resolution photo). Work and peak memory of the
     *     network grow with the pixel count: a 1600×1200 input took about 1.5 GB above the weights
     *     (90 MB) and 13 s on two CPU cores in a measurement with DJL 0.36's libtorch.
     * @param filterThreshold boxes must score above this after NMS (face-alignment: 0.5)
     * @param maxCandidates at most this many boxes above the filter threshold enter NMS (the best);
     *     the reference has no limit
     * @param maxImagePixels photos with more pixels are rejected before any conversion
     * @throws IllegalArgumentException if a value is out of range
     */
    public DetectorOptions {
        if (maxDetectionSide < S3fdDetector.MIN_INPUT_SIDE || maxDetectionSide > 16384) {
            throw new IllegalArgumentException("maxDetectionSide must be in " + S3fdDetector.MIN_INPUT_SIDE
                    + "..16384, got " + maxDetectionSide);
        }
        if (!(filterThreshold >= 0 && filterThreshold < 1)) {
            throw new IllegalArgumentException("filterThreshold must be in [0, 1), got " + filterThreshold);
        }
        if (maxCandidates < 1) {
            throw new IllegalArgumentException("maxCandidates must be positive, got " + maxCandidates);
        }
        if (maxImagePixels < 1 || maxImagePixels > RgbImage.MAX_PIXELS) {
            throw new IllegalArgumentException("maxImagePixels must be in 1.." + RgbImage.MAX_PIXELS + ", got "
                    + maxImagePixels);
        }
    }

    /** @return the defaults: 1600 px, 0.5, 10 000 candidates, {@link BufferedImageConverter#DEFAULT_MAX_PIXELS} */
    public static DetectorOptions defaults() {
        return new DetectorOptions(DEFAULT_MAX_DETECTION_SIDE, DEFAULT_FILTER_THRESHOLD, DEFAULT_MAX_CANDIDATES,
                BufferedImageConverter.DEFAULT_MAX_PIXELS);
    }

    /**
     * @param side the new bound
     * @return a copy with another {@link #maxDetectionSide()}
     */
    public DetectorOptions withMaxDetectionSide(int side) {
        return new DetectorOptions(side, filterThreshold, maxCandidates, maxImagePixels);
    }
}
