package dev.faceanon.djl.recognition;

import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.face.LandmarkScheme;
import dev.faceanon.face.Point;
import java.util.Objects;

/**
 * The part of a photo the recognizer describes for a face, in whole pixels: the crop face-api takes.
 *
 * <ul>
 *   <li>A face with 68 landmarks ({@link LandmarkScheme#IBUG_68}): face-api's aligned rectangle, the smallest box
 *       holding every landmark, widened by 20 % of its width and heightened by 20 % of its height, centred
 *       ({@code FaceLandmarks.align()} with its default {@code minBoxPadding} 0.2, as
 *       {@code withFaceLandmarks().withFaceDescriptors()} uses it).
 *   <li>Any other face: its detection box, as face-api crops faces without landmarks.
 * </ul>
 *
 * Either box is then clipped to the photo and its position and size rounded down, as face-api's
 * {@code Box.clipAtImageBorders} does. The network then sees the crop padded to a square and resized to 150×150
 * ({@link RecognitionInput}).
 *
 * @param x left column
 * @param y top row
 * @param width columns, at least 1
 * @param height rows, at least 1
 */
public record RecognitionCrop(int x, int y, int width, int height) {
    /** face-api's default padding of the landmarks' box, as a fraction of its width and height. */
    static final double LANDMARK_BOX_PADDING = 0.2;

    /**
     * Checks that the crop is not empty and does not start left of or above the photo.
     *
     * @param x left column
     * @param y top row
     * @param width columns, at least 1
     * @param height rows, at least 1
     * @throws IllegalArgumentException if {@code x} or {@code y} is negative or a side is below 1
     */
    public RecognitionCrop {
        if (x < 0 || y < 0 || width < 1 || height < 1) {
            throw new IllegalArgumentException("invalid crop " + x + "," + y + " " + width + "x" + height);
        }
    }

    /**
     * @param face a face of the photo
     * @param imageWidth the photo's width
     * @param imageHeight the photo's height
     * @return the crop face-api takes for that face
     * @throws IllegalArgumentException if the crop lies wholly outside the photo
     */
    public static RecognitionCrop of(Face face, int imageWidth, int imageHeight) {
        Objects.requireNonNull(face, "face");
        if (imageWidth < 1 || imageHeight < 1) {
            throw new IllegalArgumentException("image sides must be positive, got " + imageWidth + "x" + imageHeight);
        }
        double x;
        double y;
        double width;
        double height;
        if (face.scheme() == LandmarkScheme.IBUG_68) {
            double minX = Double.POSITIVE_INFINITY;
            double minY = Double.POSITIVE_INFINITY;
            // face-api starts the maxima at 0, which stretches the box of a face lying wholly left of or above the
            // photo to its edge; true maxima differ from that only for such faces, which are refused below instead.
            double maxX = Double.NEGATIVE_INFINITY;
            double maxY = Double.NEGATIVE_INFINITY;
            for (Point p : face.landmarks()) {
                minX = Math.min(minX, p.x());
                minY = Math.min(minY, p.y());
                maxX = Math.max(maxX, p.x());
                maxY = Math.max(maxY, p.y());
            }
            double padX = (maxX - minX) * LANDMARK_BOX_PADDING;
            double padY = (maxY - minY) * LANDMARK_BOX_PADDING;
            x = minX - padX / 2;
            y = minY - padY / 2;
            width = maxX - minX + padX;
            height = maxY - minY + padY;
        } else {
            BoundingBox box = face.box();
            x = box.x1();
            y = box.y1();
            width = box.width();
            height = box.height();
        }
        double clippedX = Math.max(x, 0);
        double clippedY = Math.max(y, 0);
        double clippedWidth = Math.min(x + width - clippedX, imageWidth - clippedX);
        double clippedHeight = Math.min(y + height - clippedY, imageHeight - clippedY);
        double cx = Math.floor(clippedX);
        double cy = Math.floor(clippedY);
        double cw = Math.floor(clippedWidth);
        double ch = Math.floor(clippedHeight);
        if (!(cw >= 1 && ch >= 1 && cx < imageWidth && cy < imageHeight)) {
            throw new IllegalArgumentException("the face's crop lies outside the " + imageWidth + "x" + imageHeight
                    + " photo");
        }
        return new RecognitionCrop((int) cx, (int) cy, (int) cw, (int) ch);
    }

    /**
     * @param imageWidth the photo's width
     * @param imageHeight the photo's height
     * @return the whole photo as a crop
     */
    public static RecognitionCrop whole(int imageWidth, int imageHeight) {
        return new RecognitionCrop(0, 0, imageWidth, imageHeight);
    }
}
