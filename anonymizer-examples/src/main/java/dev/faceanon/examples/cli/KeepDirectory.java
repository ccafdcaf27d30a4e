package dev.faceanon.examples.cli;

import dev.faceanon.FaceAnonException;
import dev.faceanon.NoFaceFoundException;
import dev.faceanon.identity.KeepGallery;
import dev.faceanon.text.UntrustedText;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The reference photos of {@code --keep DIR}, described into a keep gallery: every image under the directory
 * (scanned like an input directory), each named by its path under it. Anything that would leave a reference out
 * unnoticed is an error naming the file: an entry that cannot be read, a photo without a face, an empty directory.
 */
final class KeepDirectory {
    /** More reference photos than this are refused: each is described, and a gallery is a list of people. */
    static final int MAX_REFERENCES = 10_000;

    private KeepDirectory() {}

    /**
     * @param dir the directory
     * @param builder the gallery builder, with the recognizer (and the detector, without a faces file)
     * @param faces the faces file, in which the reference photos are looked up; null to detect their faces
     * @param acceptDamaged whether damaged photos are used as decoded
     * @param outputRoot the batch's output directory, absolute and normalized, which is never scanned
     * @return the gallery
     * @throws FaceAnonException naming the directory or the file if a reference photo cannot be used
     */
    static KeepGallery load(Path dir, KeepGallery.Builder builder, FacesFile faces, boolean acceptDamaged,
            Path outputRoot) {
        if (!Files.isDirectory(dir)) {
            throw new FaceAnonException("--keep " + dir + " is not a directory of reference photos");
        }
        DirectoryScan.Result scan = DirectoryScan.of(dir, outputRoot);
        for (SkippedEntry s : scan.skipped()) {
            if (s.reason().missesImages()) {
                throw new FaceAnonException("--keep " + dir + ": cannot use " + UntrustedText.quote(s.name(), '"')
                        + " (" + s.reason().label() + ": " + s.detail() + "); remove it from the directory or make"
                        + " it readable");
            }
        }
        if (scan.images().isEmpty()) {
            throw new FaceAnonException("--keep " + dir + " holds no reference photo (" + String.join(", ",
                    new java.util.TreeSet<>(BatchPlan.IMAGE_EXTENSIONS)) + ")");
        }
        if (scan.images().size() > MAX_REFERENCES) {
            throw new FaceAnonException("--keep " + dir + " holds " + scan.images().size() + " images, more than the "
                    + MAX_REFERENCES + " a keep gallery takes");
        }
        for (Path file : scan.images()) {
            String name = BatchPlan.slashes(dir.relativize(file));
            BufferedImage image;
            try {
                image = ImageFiles.read(file, acceptDamaged).image();
            } catch (IOException e) {
                throw new FaceAnonException("--keep: cannot read the reference photo " + file + ": "
                        + IoProblem.describe(e), e);
            } catch (FaceAnonException e) {
                throw new FaceAnonException("--keep: " + e.getMessage(), e);
            }
            try {
                if (faces == null) {
                    builder.add(name, image);
                } else {
                    builder.add(name, image, faces.facesOf(new BatchPlan.Item(file, name, file)));
                }
            } catch (NoFaceFoundException e) {
                throw new FaceAnonException("--keep " + dir + ": " + e.getMessage(), e);
            }
        }
        return builder.build();
    }
}
