package dev.faceanon.video;

import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.face.LandmarkScheme;
import dev.faceanon.face.Point;
import dev.faceanon.testing.RealAstronaut;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Test footage made on the spot: the real astronaut photo moving and growing across a drawn
 * background, and a drawn face that enters, passes in front and leaves; encoded by the ffmpeg
 * command line (not by the code under test), with audio, metadata and optionally a display
 * rotation. Every frame's true faces are known.
 */
final class Footage {
    static final int FPS = 25;

    /** What a clip shows. */
    record Clip(Path file, List<BufferedImage> frames, List<List<Face>> faces) {
        int count() {
            return frames.size();
        }
    }

    private Footage() {}

    static BufferedImage astronaut() {
        return RealAstronaut.photo();
    }

    /** The astronaut's face from faces.json: dlib's box and 68 landmarks. */
    static Face astronautFace() {
        return RealAstronaut.face();
    }

    /** A face scaled by s and moved by (dx, dy). */
    static Face placed(Face f, double s, double dx, double dy) {
        BoundingBox b = f.box();
        return new Face(new BoundingBox(dx + s * b.x1(), dy + s * b.y1(), dx + s * b.x2(), dy + s * b.y2()), f.score(),
                f.scheme(), f.landmarks().stream().map(p -> new Point(dx + s * p.x(), dy + s * p.y())).toList());
    }

    /**
     * @param width frame width
     * @param height frame height
     * @param frames frame count
     * @param drawnFace whether the drawn face crosses the frame from right to left, passing in front of
     *     the astronaut's face (from a third of the way in to two thirds)
     */
    static List<BufferedImage> render(int width, int height, int frames, boolean drawnFace, List<List<Face>> faces) {
        BufferedImage photo = astronaut();
        Face face = astronautFace();
        List<BufferedImage> out = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            double t = frames == 1 ? 0 : (double) f / (frames - 1);
            BufferedImage frame = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = frame.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setPaint(new GradientPaint(0, 0, new Color(40, 90, 140), width, height, new Color(200, 170, 90)));
            g.fillRect(0, 0, width, height);
            // The photo grows from 0.45 to 0.6 of its size while moving right and down.
            double scale = (0.45 + 0.15 * t) * height / 240.0;
            double dx = (-0.12 + 0.25 * t) * width;
            double dy = (-0.12 + 0.06 * t) * height;
            g.drawImage(photo, new AffineTransform(scale, 0, 0, scale, dx, dy), null);
            List<Face> inFrame = new ArrayList<>(List.of(placed(face, scale, dx, dy)));
            if (drawnFace && t >= 1 / 3.0 && t <= 2 / 3.0) {
                // Enters at the right edge and leaves at the left, partly outside the frame at either end.
                double side = 0.22 * height;
                double cx = width * (1.05 - 3.3 * (t - 1 / 3.0));
                double cy = height * 0.45;
                inFrame.add(drawFace(g, cx, cy, side));
            }
            g.dispose();
            faces.add(inFrame);
            out.add(frame);
        }
        return out;
    }

    /** A cartoon face centred at (cx, cy), box side s; its five landmarks where they are drawn. */
    static Face drawFace(Graphics2D g, double cx, double cy, double s) {
        g.setColor(new Color(232, 190, 160));
        g.fill(new java.awt.geom.Ellipse2D.Double(cx - s / 2, cy - s / 2, s, s));
        g.setColor(new Color(40, 30, 30));
        double eye = s * 0.08;
        Point le = new Point(cx - 0.2 * s, cy - 0.1 * s);
        Point re = new Point(cx + 0.2 * s, cy - 0.1 * s);
        g.fill(new java.awt.geom.Ellipse2D.Double(le.x() - eye, le.y() - eye, 2 * eye, 2 * eye));
        g.fill(new java.awt.geom.Ellipse2D.Double(re.x() - eye, re.y() - eye, 2 * eye, 2 * eye));
        Point nose = new Point(cx, cy + 0.05 * s);
        Point lm = new Point(cx - 0.17 * s, cy + 0.25 * s);
        Point rm = new Point(cx + 0.17 * s, cy + 0.25 * s);
        g.setStroke(new BasicStroke((float) (s * 0.04)));
        g.draw(new java.awt.geom.Line2D.Double(lm.x(), lm.y(), rm.x(), rm.y()));
        return new Face(new BoundingBox(cx - s / 2, cy - s / 2, cx + s / 2, cy + s / 2), 1, LandmarkScheme.FIVE_POINT,
                List.of(le, re, nose, lm, rm));
    }

    /**
     * Renders and encodes a clip with the ffmpeg command line: H.264 in MP4 at high quality, time base
     * 1/12800, a 440 Hz tone, GPS position and title in the container.
     *
     * @param rotation 0, or 90 to store the frames turned and displayed upright through the rotation
     */
    static Clip clip(Path dir, String name, int width, int height, int frames, boolean drawnFace, boolean audio,
            int rotation) throws IOException {
        List<List<Face>> faces = new ArrayList<>();
        List<BufferedImage> rendered = render(width, height, frames, drawnFace, faces);
        Path pngs = Files.createDirectories(dir.resolve(name + "-frames"));
        for (int f = 0; f < frames; f++) {
            ImageIO.write(rendered.get(f), "png", pngs.resolve(String.format(Locale.ROOT, "%04d.png", f)).toFile());
        }
        Path file = dir.resolve(name);
        Path encoded = rotation == 0 ? file : dir.resolve("stored-" + name);
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-framerate",
                Integer.toString(FPS), "-i", pngs.resolve("%04d.png").toString()));
        if (audio) {
            cmd.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration="
                    + (double) frames / FPS, "-map", "0:v", "-map", "1:a", "-c:a", "aac"));
        }
        if (rotation == 90) {
            cmd.addAll(List.of("-vf", "transpose=clock"));
        }
        cmd.addAll(List.of("-c:v", "libx264", "-crf", "10", "-pix_fmt", width % 2 == 0 && height % 2 == 0 ? "yuv420p"
                : "yuv444p", "-video_track_timescale", "12800", "-metadata", "location=+48.8577+002.2950/",
                "-metadata", "title=holiday at home", encoded.toString()));
        Tools.run(cmd);
        if (rotation != 0) {
            Tools.run(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-i", encoded.toString(), "-map", "0", "-c",
                    "copy", "-metadata:s:v:0", "rotate=" + rotation, file.toString()));
        }
        return new Clip(file, rendered, faces);
    }
}
