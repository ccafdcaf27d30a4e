package dev.faceanon.video;

import dev.faceanon.face.Face;
import dev.faceanon.face.FaceDetector;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.RgbImage;
import java.util.List;
import java.util.Objects;

/** A {@link FaceFinder} running a {@link FaceDetector} on each frame it is asked for. */
final class DetectedFaces implements FaceFinder {
    private final FaceDetector detector;

    DetectedFaces(FaceDetector detector) {
        this.detector = Objects.requireNonNull(detector, "detector");
    }

    @Override
    public List<Face> find(int frame, RgbImage image) {
        return detector.detect(BufferedImageConverter.toBufferedImage(image));
    }

    @Override
    public String toString() {
        return "DetectedFaces[" + detector + "]";
    }
}
