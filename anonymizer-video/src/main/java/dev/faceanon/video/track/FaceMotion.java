package dev.faceanon.video.track;

import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.face.Point;
import java.util.ArrayList;
import java.util.List;

/** Faces moved between frames: interpolated, carried to another box, enlarged, landmarks averaged. */
final class FaceMotion {
    /** A predicted or backfilled box grows at most to twice its size. */
    static final double MAX_GROWTH = 1.0;

    private FaceMotion() {}

    /**
     * @param a the face at the earlier detection
     * @param b the face at the later detection
     * @param t where between them, in (0, 1)
     * @return the box interpolated linearly; the landmarks too if both faces have the same scheme,
     *     else those of the nearer face carried to the box
     */
    static Face interpolate(Face a, Face b, double t) {
        BoundingBox box = new BoundingBox(lerp(a.box().x1(), b.box().x1(), t), lerp(a.box().y1(), b.box().y1(), t),
                lerp(a.box().x2(), b.box().x2(), t), lerp(a.box().y2(), b.box().y2(), t));
        double score = Math.min(a.score(), b.score());
        if (a.scheme() != b.scheme()) {
            Face nearer = t < 0.5 ? a : b;
            return withScore(moveTo(nearer, box), score);
        }
        List<Point> points = new ArrayList<>(a.landmarks().size());
        for (int i = 0; i < a.landmarks().size(); i++) {
            Point p = a.landmarks().get(i);
            Point q = b.landmarks().get(i);
            points.add(new Point(lerp(p.x(), q.x(), t), lerp(p.y(), q.y(), t)));
        }
        return new Face(box, score, a.scheme(), points);
    }

    private static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }

    private static Face withScore(Face f, double score) {
        return new Face(f.box(), score, f.scheme(), f.landmarks());
    }

    /**
     * @param face a face
     * @param box where it is now
     * @return the face with that box and its landmarks carried along (scaled and shifted with the box)
     */
    static Face moveTo(Face face, BoundingBox box) {
        BoundingBox from = face.box();
        double sx = from.width() > 0 ? box.width() / from.width() : 1;
        double sy = from.height() > 0 ? box.height() / from.height() : 1;
        List<Point> points = new ArrayList<>(face.landmarks().size());
        for (Point p : face.landmarks()) {
            points.add(new Point(box.x1() + (p.x() - from.x1()) * sx, box.y1() + (p.y() - from.y1()) * sy));
        }
        return new Face(box, face.score(), face.scheme(), points);
    }

    /**
     * @param face a face
     * @param distance frames from the detection its position comes from
     * @param growthPerFrame enlargement per frame
     * @return the face with its box enlarged about its centre by {@code growthPerFrame · distance} of
     *     its size (at most {@link #MAX_GROWTH}); landmarks unchanged
     */
    static Face grow(Face face, int distance, double growthPerFrame) {
        double g = Math.min(MAX_GROWTH, growthPerFrame * distance);
        BoundingBox b = face.box();
        double dx = b.width() * g / 2;
        double dy = b.height() * g / 2;
        return new Face(new BoundingBox(b.x1() - dx, b.y1() - dy, b.x2() + dx, b.y2() + dy), face.score(),
                face.scheme(), face.landmarks());
    }

    /**
     * @param centre the face whose box and score are kept
     * @param window faces of the same track over neighbouring frames, the centre among them
     * @return the centre face with the mean landmarks of the window; unchanged if the window mixes
     *     landmark schemes
     */
    static Face averageLandmarks(Face centre, List<Face> window) {
        int n = centre.landmarks().size();
        double[] x = new double[n];
        double[] y = new double[n];
        for (Face f : window) {
            if (f.scheme() != centre.scheme()) {
                return centre;
            }
            for (int i = 0; i < n; i++) {
                x[i] += f.landmarks().get(i).x();
                y[i] += f.landmarks().get(i).y();
            }
        }
        List<Point> points = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            points.add(new Point(x[i] / window.size(), y[i] / window.size()));
        }
        return new Face(centre.box(), centre.score(), centre.scheme(), points);
    }
}
