package dev.faceanon.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faceanon.batch.ExifOrientation;
import dev.faceanon.batch.FacesFile;
import dev.faceanon.batch.ImageFiles;
import dev.faceanon.batch.RealPhoto;
import dev.faceanon.batch.TestImages;
import dev.faceanon.examples.cli.FaceAnonCli;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.face.LandmarkScheme;
import dev.faceanon.face.Point;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A directory of generated photos and the faces file that lists them, the way a user would hand
 * them to the command line: the tool's sample photo (three drawn faces with landmarks) as PNG, as
 * JPEG in a subdirectory, stored sideways with an EXIF orientation, and with a face too small to
 * generate; the real photograph of {@code ../shared/real} ({@link RealPhoto}), whose face the
 * recognizer measures (the drawn faces are no faces to it); a photo without faces; a corrupt file; a
 * photo the faces file does not list.
 *
 * @param images the directory
 * @param facesFile the faces file, beside it
 * @param faces the faces of each listed image, by name
 */
record PhotoCollection(Path images, Path facesFile, Map<String, List<Face>> faces) {

    /** Every image's name; the last two fail. */
    static final List<String> NAMES = List.of("a.png", "sub/b.jpg", "c.jpg", "tiny.png", "real.png", "empty.png",
            "corrupt.jpg", "unlisted.png");

    /** The images written, in every operation: all but the last two. */
    static final List<String> WRITTEN = NAMES.subList(0, NAMES.size() - 2);

    static PhotoCollection create(Path dir) throws IOException {
        Path sampleDir = dir.resolve("sample");
        assertEquals(0, cli("sample-photo", sampleDir.toString()).exit());
        BufferedImage sample = TestImages.read(sampleDir.resolve("photo.png"));
        List<Face> sampleFaces = FacesFile.read(sampleDir.resolve("faces.json")).facesOf("photo.png",
                sampleDir.resolve("photo.png"));
        Path images = Files.createDirectories(dir.resolve("photos/sub"));
        images = images.getParent();
        Map<String, List<Face>> faces = new HashMap<>();
        ImageFiles.write(sample, images.resolve("a.png"));
        faces.put("a.png", sampleFaces);
        ImageFiles.write(sample, images.resolve("sub/b.jpg"));
        faces.put("sub/b.jpg", sampleFaces);
        BufferedImage stored = storedForRotate90(sample);
        assertArrayEquals(pixels(sample), pixels(ExifOrientation.ROTATE_90_CW.apply(stored)), "fixture: upright");
        Files.write(images.resolve("c.jpg"), TestImages.jpegWithExif(stored, 6));
        faces.put("c.jpg", sampleFaces);
        ImageFiles.write(sample, images.resolve("tiny.png"));
        List<Face> withTiny = new ArrayList<>(sampleFaces);
        withTiny.add(new Face(new BoundingBox(300, 20, 310, 30), 1, LandmarkScheme.FIVE_POINT, List.of(
                new Point(302, 23), new Point(308, 23), new Point(305, 25), new Point(303, 28), new Point(307, 28))));
        faces.put("tiny.png", withTiny);
        Files.copy(RealPhoto.astronautFile(), images.resolve("real.png"));
        faces.put("real.png", List.of(RealPhoto.astronautFace()));
        ImageFiles.write(TestImages.pattern(64, 48), images.resolve("empty.png"));
        faces.put("empty.png", List.of());
        Files.writeString(images.resolve("corrupt.jpg"), "not a jpeg");
        faces.put("corrupt.jpg", sampleFaces);
        ImageFiles.write(sample, images.resolve("unlisted.png"));
        Path facesFile = dir.resolve("faces.json");
        FacesFile.write(facesFile, faces);
        return new PhotoCollection(images, facesFile, Map.copyOf(faces));
    }

    /** The pixels that EXIF orientation 6 (turn 90 degrees clockwise to show) displays as {@code upright}. */
    private static BufferedImage storedForRotate90(BufferedImage upright) {
        int w = upright.getWidth();
        int h = upright.getHeight();
        BufferedImage stored = new BufferedImage(h, w, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < w; y++) {
            for (int x = 0; x < h; x++) {
                stored.setRGB(x, y, upright.getRGB(w - 1 - y, x));
            }
        }
        return stored;
    }

    /** Result rows by the name of their image under the root. */
    static Map<String, org.apache.spark.sql.Row> byName(List<org.apache.spark.sql.Row> rows, Path root) {
        ImageNames names = new ImageNames(root.toString());
        return rows.stream().collect(java.util.stream.Collectors.toMap(r -> names.nameOf(r.getAs("path")), r -> r));
    }

    static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    /** What the command line did. */
    record Run(int exit, String out, String err) {}

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = FaceAnonCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }
}
