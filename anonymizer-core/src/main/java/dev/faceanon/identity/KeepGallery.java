package dev.faceanon.identity;

import dev.faceanon.NoFaceFoundException;
import dev.faceanon.face.Face;
import dev.faceanon.face.FaceDescriptor;
import dev.faceanon.face.FaceDetector;
import dev.faceanon.face.FaceRecognizer;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.RgbImage;
import dev.faceanon.text.UntrustedText;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Faces that must be kept as they are: people who consented to being shown. Each entry is one reference photo's
 * face, described once when the gallery is built; a face of a processed photo whose descriptor is closer than
 * {@link #threshold()} to an entry is left untouched and reported as kept, with the entry's name and the distance.
 * Every other face is processed as usual. Immutable and thread-safe; it holds descriptors, never images.
 *
 * <p>Which face of a reference photo: its largest (by box area). A reference photo names one person; its other
 * faces (a bystander, a face on a poster) never consented, so they are not kept. A reference photo without a face is
 * an error naming the entry, never an entry that matches nothing; so is a face the recognizer does not tell from a
 * featureless image (see {@link IdentityAuditor}), which would match every face the recognizer cannot identify.
 * Set the threshold before adding photos: it is also the bound of that check.
 *
 * <p>Descriptors only compare within one recognizer: build the gallery with the recognizer of the models it is used
 * with ({@link dev.faceanon.FaceModels#keepGallery()}).
 */
public final class KeepGallery {
    private final Map<String, FaceDescriptor> entries;
    private final double threshold;

    private KeepGallery(Map<String, FaceDescriptor> entries, double threshold) {
        this.entries = entries;
        this.threshold = threshold;
    }

    /** @return a gallery that keeps no face */
    public static KeepGallery empty() {
        return new KeepGallery(Map.of(), FaceRecognizer.DEFAULT_MATCH_THRESHOLD);
    }

    /**
     * @param recognizer describes the reference faces; the same recognizer must describe the faces compared with
     *     them
     * @return a builder with threshold {@link FaceRecognizer#DEFAULT_MATCH_THRESHOLD} and no detector
     */
    public static Builder builder(FaceRecognizer recognizer) {
        return new Builder(recognizer);
    }

    /** @return the entries' names, in the order they were added */
    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    /** @return the number of entries */
    public int size() {
        return entries.size();
    }

    /** @return true if the gallery keeps no face */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** @return the distance under which a face matches an entry */
    public double threshold() {
        return threshold;
    }

    /**
     * @param face a face's descriptor
     * @return the closest entry, if it is closer than the threshold (ties: the entry added first)
     */
    public Optional<GalleryMatch> match(FaceDescriptor face) {
        Objects.requireNonNull(face, "face");
        GalleryMatch best = null;
        for (Map.Entry<String, FaceDescriptor> e : entries.entrySet()) {
            double d = face.distanceTo(e.getValue());
            if (d < threshold && (best == null || d < best.distance())) {
                best = new GalleryMatch(e.getKey(), d);
            }
        }
        return Optional.ofNullable(best);
    }

    /** @return the number of entries and the threshold; names may identify people and are not shown */
    @Override
    public String toString() {
        return "KeepGallery[" + entries.size() + " entries, threshold " + threshold + "]";
    }

    /** Builder of {@link KeepGallery}; describes each reference photo as it is added. Not thread-safe. */
    public static final class Builder {
        private final FaceRecognizer recognizer;
        private final Map<String, FaceDescriptor> entries = new LinkedHashMap<>();
        private final BufferedImageConverter converter = new BufferedImageConverter();
        private final FeaturelessImage featureless = new FeaturelessImage();
        private FaceDetector detector;
        private double threshold = FaceRecognizer.DEFAULT_MATCH_THRESHOLD;

        private Builder(FaceRecognizer recognizer) {
            this.recognizer = Objects.requireNonNull(recognizer, "recognizer");
        }

        /**
         * @param detector finds the faces of reference photos added without faces
         * @return this builder
         */
        public Builder detector(FaceDetector detector) {
            this.detector = Objects.requireNonNull(detector, "detector");
            return this;
        }

        /**
         * @param threshold the distance under which a face matches an entry, positive; lower it to keep fewer faces
         * @return this builder
         * @throws IllegalArgumentException unless it is finite and positive
         */
        public Builder threshold(double threshold) {
            this.threshold = IdentityCheck.requireThreshold(threshold);
            return this;
        }

        /**
         * Adds the largest face the detector finds in a reference photo.
         *
         * @param name the entry's name, reported for every face it keeps (a file name, a person's pseudonym)
         * @param photo the reference photo, any ImageIO type
         * @return this builder
         * @throws IllegalStateException if no detector was given
         * @throws IllegalArgumentException if the name is blank or already used
         * @throws NoFaceFoundException naming the entry if the photo shows no face, or one the recognizer does not
         *     tell from a featureless image
         */
        public Builder add(String name, BufferedImage photo) {
            Objects.requireNonNull(photo, "photo");
            if (detector == null) {
                throw new IllegalStateException("no face detector: give the reference photo's faces to"
                        + " add(name, photo, faces), or set a detector");
            }
            return add(name, photo, detector.detect(photo));
        }

        /**
         * Adds the largest of the given faces of a reference photo.
         *
         * @param name the entry's name, reported for every face it keeps
         * @param photo the reference photo, any ImageIO type
         * @param faces its faces (with landmarks, in its pixel coordinates); the largest by box area is the entry
         * @return this builder
         * @throws IllegalArgumentException if the name is blank or already used
         * @throws NoFaceFoundException naming the entry if there is no face, or the recognizer cannot describe the
         *     largest one (its crop lies outside the photo) or does not tell it from a featureless image
         */
        public Builder add(String name, BufferedImage photo, List<Face> faces) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(photo, "photo");
            Objects.requireNonNull(faces, "faces");
            if (name.isBlank()) {
                throw new IllegalArgumentException("a keep gallery entry needs a name");
            }
            if (entries.containsKey(name)) {
                throw new IllegalArgumentException("the keep gallery already has an entry named "
                        + UntrustedText.quote(name, '"'));
            }
            Face largest = new ArrayList<>(faces).stream().max(Comparator.comparingDouble(f -> f.box().area()))
                    .orElseThrow(() -> new NoFaceFoundException("keep gallery: no face found in the reference photo "
                            + UntrustedText.quote(name, '"') + "; use a photo in which the person's face is clearly"
                            + " visible, or leave it out of the gallery"));
            RgbImage image = converter.toRgbImage(photo);
            FaceDescriptor descriptor;
            try {
                descriptor = recognizer.describe(image, largest);
            } catch (IllegalArgumentException e) {
                throw new NoFaceFoundException("keep gallery: the face of the reference photo "
                        + UntrustedText.quote(name, '"') + " cannot be described: " + e.getMessage(), e);
            }
            double blank = featureless.distance(recognizer, image, largest, descriptor);
            if (blank < threshold) {
                throw new NoFaceFoundException("keep gallery: the recognizer does not tell the face of the reference"
                        + " photo " + UntrustedText.quote(name, '"') + " from a featureless image (distance "
                        + String.format(java.util.Locale.ROOT, "%.2f", blank) + ", threshold " + threshold
                        + "), so it could not recognise the person; use a photo in which the face is larger and"
                        + " clearer");
            }
            entries.put(name, descriptor);
            return this;
        }

        /**
         * @return the gallery
         * @throws IllegalStateException if no entry was added (use {@link KeepGallery#empty()} to keep nothing)
         */
        public KeepGallery build() {
            if (entries.isEmpty()) {
                throw new IllegalStateException("a keep gallery needs at least one reference photo");
            }
            return new KeepGallery(Collections.unmodifiableMap(new LinkedHashMap<>(entries)), threshold);
        }
    }
}
