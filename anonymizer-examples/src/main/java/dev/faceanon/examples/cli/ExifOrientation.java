package dev.faceanon.examples.cli;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.metadata.Metadata;
import com.drew.metadata.MetadataException;
import com.drew.metadata.exif.ExifIFD0Directory;
import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The EXIF orientation of a photo (tag 0x0112, values 1-8), applied to the decoded pixels. Cameras
 * store portrait photos as landscape pixels plus this tag; ImageIO ignores it, and since outputs are
 * written without metadata, the pixels themselves must be turned upright. Upright pixels also help
 * the face detector, which expects upright faces.
 */
enum ExifOrientation {
    NORMAL, MIRROR_HORIZONTAL, ROTATE_180, MIRROR_VERTICAL, TRANSPOSE, ROTATE_90_CW, TRANSVERSE, ROTATE_270_CW;

    /**
     * @param file an image file
     * @return its orientation; {@link #NORMAL} when there is no tag, an invalid one, or unreadable metadata
     *     (the pixels are then used as stored, as every viewer would show them)
     */
    static ExifOrientation of(Path file) {
        try {
            Metadata metadata = ImageMetadataReader.readMetadata(file.toFile());
            ExifIFD0Directory ifd0 = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
            if (ifd0 == null || !ifd0.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                return NORMAL;
            }
            int value = ifd0.getInt(ExifIFD0Directory.TAG_ORIENTATION);
            return value >= 1 && value <= 8 ? values()[value - 1] : NORMAL;
        } catch (ImageProcessingException | MetadataException | IOException | RuntimeException e) {
            return NORMAL;
        }
    }

    /**
     * @param image the pixels as stored
     * @return the pixels as they should be shown (the same object for {@link #NORMAL})
     */
    BufferedImage apply(BufferedImage image) {
        if (this == NORMAL) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean swaps = ordinal() >= TRANSPOSE.ordinal();
        // Each transform maps stored pixel (x, y) to displayed position; all are exact pixel permutations.
        AffineTransform t = switch (this) {
            case MIRROR_HORIZONTAL -> new AffineTransform(-1, 0, 0, 1, w, 0);
            case ROTATE_180 -> new AffineTransform(-1, 0, 0, -1, w, h);
            case MIRROR_VERTICAL -> new AffineTransform(1, 0, 0, -1, 0, h);
            case TRANSPOSE -> new AffineTransform(0, 1, 1, 0, 0, 0);
            case ROTATE_90_CW -> new AffineTransform(0, 1, -1, 0, h, 0);
            case TRANSVERSE -> new AffineTransform(0, -1, -1, 0, h, w);
            case ROTATE_270_CW -> new AffineTransform(0, -1, 1, 0, 0, w);
            default -> new AffineTransform();
        };
        int stored = image.getType();
        // Palette and custom types cannot be recreated empty with the right colours; ARGB holds them all.
        int type = stored == BufferedImage.TYPE_CUSTOM || stored == BufferedImage.TYPE_BYTE_INDEXED
                || stored == BufferedImage.TYPE_BYTE_BINARY ? BufferedImage.TYPE_INT_ARGB : stored;
        BufferedImage out = new BufferedImage(swaps ? h : w, swaps ? w : h, type);
        new AffineTransformOp(t, AffineTransformOp.TYPE_NEAREST_NEIGHBOR).filter(image, out);
        return out;
    }
}
