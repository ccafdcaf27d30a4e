package dev.faceanon.video;

import dev.faceanon.face.Face;
import dev.faceanon.image.RgbImage;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** A {@link FaceFinder} returning faces given in advance, per frame. Immutable. */
final class SuppliedFaces implements FaceFinder {
    private final Map<Integer, List<Face>> faces;

    SuppliedFaces(Map<Integer, List<Face>> faces) {
        Objects.requireNonNull(faces, "faces");
        TreeMap<Integer, List<Face>> copy = new TreeMap<>();
        faces.forEach((frame, list) -> {
            if (frame == null || frame < 0) {
                throw new IllegalArgumentException("frame indexes must be >= 0, got " + frame);
            }
            copy.put(frame, List.copyOf(list));
        });
        this.faces = copy;
    }

    @Override
    public List<Face> find(int frame, RgbImage image) {
        return faces.getOrDefault(frame, List.of());
    }

    @Override
    public String toString() {
        return "SuppliedFaces[" + faces.size() + " frames]";
    }
}
