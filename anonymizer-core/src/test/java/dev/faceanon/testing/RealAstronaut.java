package dev.faceanon.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.face.LandmarkScheme;
import dev.faceanon.face.Point;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The real photograph every module's tests use where a test must see a real face: the public-domain astronaut
 * portrait of {@code ../shared/real} (512×512) and its face as the {@code faces.json} beside it gives it, dlib's box
 * and 68 landmarks. In core's test jar, so that each module reads it the same way.
 */
public final class RealAstronaut {
    private RealAstronaut() {}

    /**
     * @return {@code ../shared/real}, the sibling of the golden directory ({@code faceanon.golden.dir}) as CI lays
     *     them out
     * @throws IllegalStateException if the photo is not there
     */
    public static Path directory() {
        Path golden = Path.of(System.getProperty("faceanon.golden.dir", "../shared/golden"));
        Path real = golden.toAbsolutePath().normalize().resolveSibling("real");
        if (!Files.isRegularFile(real.resolve("astronaut.png"))) {
            throw new IllegalStateException("the real photo is missing: " + real.resolve("astronaut.png")
                    + " (../shared/real beside the clone, as CI lays it out)");
        }
        return real;
    }

    /** @return the photo's file */
    public static Path photoFile() {
        return directory().resolve("astronaut.png");
    }

    /** @return the photo's pixels */
    public static BufferedImage photo() {
        try {
            BufferedImage image = ImageIO.read(photoFile().toFile());
            if (image == null) {
                throw new IllegalStateException(photoFile() + " is not a readable image");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return her face: dlib's box and 68 landmarks, from the faces file beside the photo */
    public static Face face() {
        try {
            JsonObject face = JsonParser.parseString(Files.readString(directory().resolve("faces.json")))
                    .getAsJsonObject().getAsJsonArray("astronaut.png").get(0).getAsJsonObject();
            JsonArray box = face.getAsJsonArray("box");
            List<Point> landmarks = new ArrayList<>();
            for (JsonElement p : face.getAsJsonArray("landmarks")) {
                landmarks.add(new Point(p.getAsJsonArray().get(0).getAsDouble(), p.getAsJsonArray().get(1).getAsDouble()));
            }
            return new Face(new BoundingBox(box.get(0).getAsDouble(), box.get(1).getAsDouble(),
                    box.get(2).getAsDouble(), box.get(3).getAsDouble()), 1, LandmarkScheme.IBUG_68, landmarks);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
