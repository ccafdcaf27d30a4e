package dev.faceanon.video.track;

import dev.faceanon.face.BoundingBox;

/**
 * A track's motion model: constant-velocity Kalman filters on the box's centre and size, scaled to
 * the size of the box it starts from so that small and large faces behave alike.
 */
final class BoxFilter {
    /** Measurement noise, as a fraction of the box size (detector jitter). */
    private static final double MEASUREMENT = 0.05;
    /** Change of velocity per frame, as a fraction of the box size. */
    private static final double ACCELERATION = 0.02;
    /** Prior spread of the unknown initial velocity: up to a box size per frame. */
    private static final double INITIAL_VELOCITY = 1.0;

    private final ConstantVelocityFilter cx;
    private final ConstantVelocityFilter cy;
    private final ConstantVelocityFilter w;
    private final ConstantVelocityFilter h;
    private int lastFrame;

    BoxFilter(int frame, BoundingBox box) {
        double size = Math.max(1, Math.max(box.width(), box.height()));
        double r = sq(MEASUREMENT * size);
        double q = sq(ACCELERATION * size);
        double v = sq(INITIAL_VELOCITY * size);
        cx = new ConstantVelocityFilter((box.x1() + box.x2()) / 2, r, q, v);
        cy = new ConstantVelocityFilter((box.y1() + box.y2()) / 2, r, q, v);
        w = new ConstantVelocityFilter(box.width(), r, q, v);
        h = new ConstantVelocityFilter(box.height(), r, q, v);
        lastFrame = frame;
    }

    private static double sq(double v) {
        return v * v;
    }

    /**
     * @param frame a frame after the last update
     * @return where the box is expected in that frame (each side at least one pixel)
     */
    BoundingBox predict(int frame) {
        int dt = frame - lastFrame;
        double x = cx.predict(dt);
        double y = cy.predict(dt);
        double bw = Math.max(1, w.predict(dt));
        double bh = Math.max(1, h.predict(dt));
        return new BoundingBox(x - bw / 2, y - bh / 2, x + bw / 2, y + bh / 2);
    }

    /**
     * @param frame a frame after the last update
     * @param box the box detected there
     */
    void update(int frame, BoundingBox box) {
        int dt = frame - lastFrame;
        cx.update((box.x1() + box.x2()) / 2, dt);
        cy.update((box.y1() + box.y2()) / 2, dt);
        w.update(box.width(), dt);
        h.update(box.height(), dt);
        lastFrame = frame;
    }
}
