package dev.faceanon.batch;

import dev.faceanon.FaceAnonException;
import dev.faceanon.NoFaceFoundException;
import dev.faceanon.identity.KeepGallery;
import dev.faceanon.text.UntrustedText;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The reference photos of a keep gallery's directory (the command line's {@code --keep DIR}, Spark's
 * {@code keepDirectory}), described into a keep gallery: every image under the directory, scanned as
 * the command line scans an input directory ({@link DirectoryScan}), each named by its path under it
 * with '/' separators. Anything that would leave a reference out unnoticed is an error naming the
 * file: an entry that cannot be read, a photo without a face, an empty directory.
 */
public final class KeepDirectory {
    /** More reference photos than this are refused: each is described, and a gallery is a list of people. */
    public static final int MAX_REFERENCES = 10_000;

    private KeepDirectory() {}

    /**
     * The keep gallery of a batch's identity settings.
     *
     * @param identity the identity settings, whose keep directory and threshold are used
     * @param option how the caller's user names the directory ({@code --keep}), for messages
     * @param builder makes the gallery builder with the recognizer of the models the gallery is used with (and
     *     their detector); not called without a keep directory
     * @param faces the faces file in which the reference photos are looked up; null to detect their faces
     * @param decoder reads the reference photos as the batch reads its images
     * @param outputRoot the batch's output directory, absolute and normalized, which is never scanned; null when
     *     there is none
     * @return the gallery; {@link KeepGallery#empty()} without a keep directory
     * @throws FaceAnonException naming the directory or the file if a reference photo cannot be used
     */
    public static KeepGallery of(IdentitySettings identity, String option, Supplier<KeepGallery.Builder> builder,
            FacesFile faces, ImageDecoder decoder, Path outputRoot) {
        if (identity.keepDirectory().isEmpty()) {
            return KeepGallery.empty();
        }
        return load(identity.keepDirectory().get(), option, builder.get().threshold(identity.keepThreshold()), faces,
                decoder, outputRoot);
    }

    /**
     * @param dir the directory
     * @param option how the caller's user names the directory ({@code --keep}), for messages
     * @param builder the gallery builder, with the recognizer (and the detector, without a faces file)
     * @param faces the faces file in which the reference photos are looked up, by their name under
     *     the directory or their path; null to detect their faces
     * @param decoder reads the reference photos as the batch reads its images (damage accepted or not)
     * @param outputRoot the batch's output directory, absolute and normalized, which is never
     *     scanned; null when there is none
     * @return the gallery
     * @throws FaceAnonException naming the directory or the file if a reference photo cannot be used
     */
    public static KeepGallery load(Path dir, String option, KeepGallery.Builder builder, FacesFile faces,
            ImageDecoder decoder, Path outputRoot) {
        String where = option + " " + dir;
        if (!Files.isDirectory(dir)) {
            throw new FaceAnonException(where + " is not a directory of reference photos");
        }
        DirectoryScan.Result scan = DirectoryScan.of(dir, outputRoot);
        for (SkippedEntry s : scan.skipped()) {
            if (s.reason().missesImages()) {
                throw new FaceAnonException(where + ": cannot use " + UntrustedText.quote(s.name(), '"')
                        + " (" + s.reason().label() + ": " + s.detail() + "); remove it from the directory or make"
                        + " it readable");
            }
        }
        if (scan.images().isEmpty()) {
            throw new FaceAnonException(where + " holds no reference photo (" + String.join(", ",
                    new TreeSet<>(ImageFormats.READABLE)) + ")");
        }
        if (scan.images().size() > MAX_REFERENCES) {
            throw new FaceAnonException(where + " holds " + scan.images().size() + " images, more than the "
                    + MAX_REFERENCES + " a keep gallery takes");
        }
        for (Path file : scan.images()) {
            Path relative = dir.relativize(file);
            String name = relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
            BufferedImage image;
            try {
                image = decoder.read(file).image();
            } catch (IOException e) {
                throw new FaceAnonException(option + ": cannot read the reference photo " + file + ": "
                        + IoProblem.describe(e), e);
            } catch (FaceAnonException e) {
                throw new FaceAnonException(option + ": " + e.getMessage(), e);
            }
            try {
                if (faces == null) {
                    builder.add(name, image);
                } else {
                    builder.add(name, image, faces.facesOf(name, file));
                }
            } catch (NoFaceFoundException e) {
                throw new FaceAnonException(where + ": " + e.getMessage(), e);
            }
        }
        return builder.build();
    }
}
