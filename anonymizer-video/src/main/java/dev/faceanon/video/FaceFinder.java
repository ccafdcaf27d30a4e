package dev.faceanon.video;

import dev.faceanon.face.Face;
import dev.faceanon.face.FaceDetector;
import dev.faceanon.image.RgbImage;
import java.util.List;
import java.util.Map;

/**
 * Finds the faces of one frame, for the tracker. {@link VideoProcessor} asks it for every
 * {@code detectEvery}-th frame and for the last.
 */
@FunctionalInterface
public interface FaceFinder {

    /**
     * @param frame the frame index, from 0
     * @param image the frame, upright
     * @return the faces in it, in frame pixels, with landmarks
     */
    List<Face> find(int frame, RgbImage image);

    /**
     * @param detector a face detector (the models' S3FD + 2DFAN4, or your own); not closed here
     * @return a finder running it on each frame asked
     */
    static FaceFinder detector(FaceDetector detector) {
        return new DetectedFaces(detector);
    }

    /**
     * Faces the caller already knows, per frame: for applications with their own detector or
     * annotations, and for tests. A frame not in the map has no face found in it (as if the
     * detector missed every face there); the tracker still covers the faces it follows.
     *
     * @param faces frame index to the faces found in that frame
     * @return a finder returning them
     */
    static FaceFinder supplied(Map<Integer, List<Face>> faces) {
        return new SuppliedFaces(faces);
    }
}
