package dev.faceanon.video;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.faceanon.image.RgbImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The ffmpeg and ffprobe command lines as independent references for what a file holds: the tests
 * check the library's output with them, not with the library's own reader.
 */
final class Tools {
    private Tools() {}

    /** Runs a command; its standard output is returned, a non-zero exit fails the test with its standard error. */
    static byte[] run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).start();
            p.getOutputStream().close();
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            byte[] out = readAll(p.getInputStream());
            int code = p.waitFor();
            if (code != 0) {
                throw new AssertionError(String.join(" ", command) + " failed (" + code + "): "
                        + new String(err.join(), StandardCharsets.UTF_8));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ffprobe's description of the streams and the format, tags included. */
    static JsonObject probe(Path file) {
        return JsonParser.parseString(new String(run(List.of("ffprobe", "-v", "error", "-print_format", "json",
                "-show_streams", "-show_format", file.toString())), StandardCharsets.UTF_8)).getAsJsonObject();
    }

    /** @return the first stream of the type, or null */
    static JsonObject stream(JsonObject probe, String type) {
        for (var s : probe.getAsJsonArray("streams")) {
            if (s.getAsJsonObject().get("codec_type").getAsString().equals(type)) {
                return s.getAsJsonObject();
            }
        }
        return null;
    }

    static long count(JsonObject probe, String type) {
        long n = 0;
        for (var s : probe.getAsJsonArray("streams")) {
            n += s.getAsJsonObject().get("codec_type").getAsString().equals(type) ? 1 : 0;
        }
        return n;
    }

    /** The upright frames of a video, decoded by the ffmpeg command line. */
    static List<RgbImage> frames(Path file, int width, int height) {
        byte[] all = run(List.of("ffmpeg", "-nostdin", "-v", "error", "-i", file.toString(), "-vsync", "passthrough",
                "-f", "rawvideo",
                "-pix_fmt", "rgb24", "-"));
        int size = width * height * 3;
        if (all.length % size != 0) {
            throw new AssertionError(all.length + " bytes are not whole frames of " + width + "x" + height);
        }
        List<RgbImage> frames = new ArrayList<>();
        for (int o = 0; o < all.length; o += size) {
            byte[] one = new byte[size];
            System.arraycopy(all, o, one, 0, size);
            frames.add(RgbImage.of(width, height, one));
        }
        return frames;
    }

    /** The MD5 of the audio packets, copied out unchanged. */
    static String audioPackets(Path file) {
        return new String(run(List.of("ffmpeg", "-nostdin", "-v", "error", "-i", file.toString(), "-map", "0:a",
                "-c", "copy", "-f", "md5", "-")), StandardCharsets.UTF_8).trim();
    }

    static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The processes this JVM started that are still there, exited but not reaped included; waits up
     * to a second for the JDK's reaper, which collects exited children in the background.
     */
    static List<ProcessHandle> children() {
        for (int i = 0; i < 20; i++) {
            List<ProcessHandle> left = ProcessHandle.current().descendants().toList();
            if (left.isEmpty()) {
                return left;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return ProcessHandle.current().descendants().toList();
    }
}
