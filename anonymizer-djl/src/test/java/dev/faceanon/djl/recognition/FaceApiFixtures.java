package dev.faceanon.djl.recognition;

import ai.djl.Device;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.faceanon.djl.npm.NpmPackageFetcher;
import dev.faceanon.face.Face;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.RgbImage;
import dev.faceanon.testing.RealAstronaut;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * What the recognition tests share: the real face-api tarball, fetched once into the library's own cache
 * ({@code $FACEANON_CACHE/npm}, default {@code ~/.cache/faceanon/npm}) by the production fetcher and kept between
 * test classes and runs; one recognizer loaded from it per test JVM; the committed reference files of
 * make_reference.mjs; the real photo of {@code ../shared/real}.
 */
final class FaceApiFixtures {
    private static Path tarball;
    private static FaceApiRecognizer shared;

    private FaceApiFixtures() {}

    /** @return the pinned tarball, downloaded on first use */
    static synchronized Path tarball() {
        if (tarball == null) {
            tarball = NpmPackageFetcher.fromSystem().fetch(FaceApiRecognizer.PACKAGE);
        }
        return tarball;
    }

    /** @return a recognizer shared by the tests of this JVM (never closed: it lives as long as the JVM) */
    static synchronized FaceApiRecognizer recognizer() {
        if (shared == null) {
            shared = FaceApiRecognizer.open(tarball(), Device.cpu());
        }
        return shared;
    }

    static Path resource(String name) {
        var url = FaceApiFixtures.class.getResource(name);
        if (url == null) {
            throw new IllegalStateException("missing test fixture " + name + "; run make_reference.mjs (README.md)");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonObject reference() {
        try {
            return JsonParser.parseString(Files.readString(resource("reference.json"))).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static float[] descriptor(JsonObject entry) {
        JsonArray a = entry.getAsJsonArray("descriptor");
        float[] v = new float[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).getAsFloat();
        }
        return v;
    }

    static RgbImage png(Path file) {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new IllegalStateException(file + " is not a readable image");
            }
            return new BufferedImageConverter().toRgbImage(image);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the astronaut photo of {@code ../shared/real} */
    static RgbImage astronaut() {
        return new BufferedImageConverter().toRgbImage(RealAstronaut.photo());
    }

    /** @return the astronaut's face as faces.json gives it: dlib's box and 68 landmarks */
    static Face astronautFace() {
        return RealAstronaut.face();
    }
}
