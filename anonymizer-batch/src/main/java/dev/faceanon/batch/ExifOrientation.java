package dev.faceanon.batch;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.metadata.Metadata;
import com.drew.metadata.MetadataException;
import com.drew.metadata.exif.ExifIFD0Directory;
import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The EXIF orientation of a photo (tag 0x0112, values 1-8), applied to the decoded pixels. Cameras
 * store portrait photos as landscape pixels plus this tag; ImageIO ignores it, and since outputs are
 * written without metadata, the pixels themselves must be turned upright. Upright pixels also help
 * the face detector, which expects upright faces.
 */
public enum ExifOrientation {
    /** 1: as stored. */
    NORMAL,
    /** 2: mirrored left to right. */
    MIRROR_HORIZONTAL,
    /** 3: turned by 180 degrees. */
    ROTATE_180,
    /** 4: mirrored top to bottom. */
    MIRROR_VERTICAL,
    /** 5: mirrored along the main diagonal. */
    TRANSPOSE,
    /** 6: turned 90 degrees clockwise to be shown. */
    ROTATE_90_CW,
    /** 7: mirrored along the anti-diagonal. */
    TRANSVERSE,
    /** 8: turned 90 degrees counter-clockwise to be shown. */
    ROTATE_270_CW;

    /**
     * @param file an image file
     * @return its orientation; {@link #NORMAL} when there is no tag, an invalid one, or unreadable metadata
     *     (the pixels are then used as stored, as every viewer would show them)
     */
    public static ExifOrientation of(Path file) {
        try {
            return of(ImageMetadataReader.readMetadata(file.toFile()));
        } catch (ImageProcessingException | IOException | RuntimeException e) {
            return NORMAL;
        }
    }

    /**
     * @param image the bytes of an image file
     * @return its orientation, as {@link #of(Path)} reads it from a file with these bytes
     */
    public static ExifOrientation of(byte[] image) {
        try {
            return of(ImageMetadataReader.readMetadata(new ByteArrayInputStream(image), image.length));
        } catch (ImageProcessingException | IOException | RuntimeException e) {
            return NORMAL;
        }
    }

    private static ExifOrientation of(Metadata metadata) {
        try {
            ExifIFD0Directory ifd0 = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
            if (ifd0 == null || !ifd0.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                return NORMAL;
            }
            int value = ifd0.getInt(ExifIFD0Directory.TAG_ORIENTATION);
            return value >= 1 && value <= 8 ? values()[value - 1] : NORMAL;
        } catch (MetadataException | RuntimeException e) {
            return NORMAL;
        }
    }

    /**
     * @param image the pixels as stored
     * @return the pixels as they should be shown (the same object for {@link #NORMAL})
     */
    public BufferedImage apply(BufferedImage image) {
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
