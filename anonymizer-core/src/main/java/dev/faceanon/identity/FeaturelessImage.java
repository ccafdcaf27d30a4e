package dev.faceanon.identity;

import dev.faceanon.face.Face;
import dev.faceanon.face.FaceDescriptor;
import dev.faceanon.face.FaceRecognizer;
import dev.faceanon.image.RgbImage;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the recognizer makes of nothing: a uniform mid-grey image of a photo's size, described at a face's place.
 * A face whose descriptor is within the match threshold of that is a face the recognizer does not tell from no face
 * at all (a drawing, a face too small or too blurred for it), so the recognizer can say nothing about whose face it
 * is: measured against it, every output (a black-out included) would still "match". Such a face gets no verdict.
 * Keeps the last blank image it made, so that the faces of one photo share it. Thread-safe.
 */
final class FeaturelessImage {
    /** The grey level of the blank image. */
    static final int GREY = 128;

    private final AtomicReference<RgbImage> last = new AtomicReference<>();

    /**
     * @param recognizer the recognizer
     * @param photo the photo the face is in
     * @param face the face
     * @param described its descriptor in the photo
     * @return the distance between the face and a blank image described at its place
     */
    double distance(FaceRecognizer recognizer, RgbImage photo, Face face, FaceDescriptor described) {
        return described.distanceTo(recognizer.describe(blank(photo.width(), photo.height()), face));
    }

    /**
     * @param recognizer the recognizer
     * @param crop a face crop
     * @param described its descriptor
     * @return the distance between the crop and a blank crop of its size
     */
    double distanceOfCrop(FaceRecognizer recognizer, RgbImage crop, FaceDescriptor described) {
        return described.distanceTo(recognizer.describeCrop(blank(crop.width(), crop.height())));
    }

    /**
     * @param distance the distance to the blank image
     * @param threshold the match threshold
     * @return the note of a face that gets no verdict
     */
    static String note(double distance, double threshold) {
        return String.format(Locale.ROOT, "the recognizer does not tell this face from a featureless image (distance"
                + " %.2f, threshold %.2f): it sees no identity here to compare", distance, threshold);
    }

    private RgbImage blank(int width, int height) {
        RgbImage b = last.get();
        if (b == null || b.width() != width || b.height() != height) {
            byte[] grey = new byte[Math.multiplyExact(Math.multiplyExact(width, height), 3)];
            Arrays.fill(grey, (byte) GREY);
            b = RgbImage.of(width, height, grey);
            last.set(b);
        }
        return b;
    }
}
