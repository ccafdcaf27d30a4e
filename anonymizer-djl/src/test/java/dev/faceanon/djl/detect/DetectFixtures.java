package dev.faceanon.djl.detect;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** The files written by make_fixtures.py next to this package's test resources. */
final class DetectFixtures {
    /** The trunk width divisor of the committed S3FD checkpoints. */
    static final int WIDTH_DIVISOR = 16;

    private DetectFixtures() {}

    static Path path(String name) {
        var url = DetectFixtures.class.getResource(name);
        if (url == null) {
            throw new IllegalStateException("missing test fixture " + name + "; run make_fixtures.py");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonElement json(String name) {
        try {
            return JsonParser.parseString(Files.readString(path(name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BufferedImage png(String name) {
        try {
            BufferedImage image = ImageIO.read(path(name).toFile());
            if (image == null) {
                throw new IllegalStateException(name + " is not a readable image");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RgbImage rgb(String name) {
        return new BufferedImageConverter().toRgbImage(png(name));
    }

    static float[] float32(String name) {
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(path(name))).order(ByteOrder.LITTLE_ENDIAN);
            float[] v = new float[b.remaining() / 4];
            b.asFloatBuffer().get(v);
            return v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static float[] floats(JsonArray array) {
        float[] v = new float[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).getAsFloat();
        }
        return v;
    }

    static double[] doubles(JsonArray array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).getAsDouble();
        }
        return v;
    }

    static long[] longs(JsonArray array) {
        long[] v = new long[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).getAsLong();
        }
        return v;
    }
}
