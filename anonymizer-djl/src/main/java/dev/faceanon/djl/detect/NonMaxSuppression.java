package dev.faceanon.djl.detect;

import dev.faceanon.face.BoundingBox;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The greedy non-maximum suppression of face-alignment's S3FD post-processing: candidates are
 * visited by decreasing score and a candidate is kept unless its overlap with an already kept box
 * exceeds the threshold (an overlap equal to the threshold is kept).
 *
 * <p>Overlap uses the reference's pixel-count convention: a box spans {@code x2 − x1 + 1} pixels,
 * so {@code overlap = iw·ih / (area_a + area_b − iw·ih)} with {@code iw = max(0, min(x2) − max(x1)
 * + 1)} and likewise {@code ih}, areas {@code (x2 − x1 + 1)(y2 − y1 + 1)}; boxes that merely touch
 * or are one pixel apart still overlap.
 *
 * <p>Order of equal scores: the reference sorts with numpy's default {@code argsort} and reverses
 * it; for the small candidate lists where numpy's introsort runs insertion sort that is stable, so
 * equal scores come out in reverse candidate order. This class always uses that order (later
 * candidate first); numpy itself gives no guarantee for longer lists.
 */
public final class NonMaxSuppression {

    private NonMaxSuppression() {}

    /**
     * @param candidates the boxes in the detector's candidate order (level, then row-major cell)
     * @param threshold overlap above which a box is suppressed; face-alignment uses 0.3
     * @return the kept boxes, by decreasing score (ties: later candidate first)
     * @throws IllegalArgumentException if the threshold is not in [0, 1]
     */
    public static List<ScoredBox> apply(List<ScoredBox> candidates, double threshold) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("overlap threshold must be in [0, 1], got " + threshold);
        }
        List<Integer> order = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingDouble(i -> candidates.get(i).score()).thenComparingInt(i -> i)
                .reversed());
        List<ScoredBox> kept = new ArrayList<>();
        for (int i : order) {
            ScoredBox candidate = candidates.get(i);
            boolean suppressed = false;
            for (ScoredBox k : kept) {
                if (overlap(k.box(), candidate.box()) > threshold) {
                    suppressed = true;
                    break;
                }
            }
            if (!suppressed) {
                kept.add(candidate);
            }
        }
        return kept;
    }

    /**
     * @param a a box
     * @param b another box
     * @return their intersection over union with the "+1" pixel-count convention (see the class
     *     comment)
     */
    public static double overlap(BoundingBox a, BoundingBox b) {
        double iw = Math.max(0.0, Math.min(a.x2(), b.x2()) - Math.max(a.x1(), b.x1()) + 1);
        double ih = Math.max(0.0, Math.min(a.y2(), b.y2()) - Math.max(a.y1(), b.y1()) + 1);
        double areaA = (a.x2() - a.x1() + 1) * (a.y2() - a.y1() + 1);
        double areaB = (b.x2() - b.x1() + 1) * (b.y2() - b.y1() + 1);
        double intersection = iw * ih;
        return intersection / (areaA + areaB - intersection);
    }
}
