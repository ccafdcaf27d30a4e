package dev.faceanon.face;

/** Which landmark layout a face carries. */
public enum LandmarkScheme {
    /**
     * The 68-point iBUG 300-W layout (jaw 0-16, brows 17-26, nose 27-35, eyes 36-47, mouth 48-67),
     * as face-alignment's 2DFAN4 predicts; the official alignment uses points 17-48 and 54.
     */
    IBUG_68(68),
    /** Five points: left eye centre, right eye centre, nose tip, left and right mouth corner (image left/right). */
    FIVE_POINT(5);

    private final int count;

    LandmarkScheme(int count) {
        this.count = count;
    }

    /** @return the number of points */
    public int count() {
        return count;
    }
}
