package dev.faceanon.djl.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.faceanon.face.BoundingBox;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-worked cases; areas count pixels inclusively, a 0..9 box is 10 pixels wide. */
class NonMaxSuppressionTest {

    private static ScoredBox box(double x1, double y1, double x2, double y2, double score) {
        return new ScoredBox(new BoundingBox(x1, y1, x2, y2), score);
    }

    @Test
    void overlapCountsPixelsInclusively() {
        BoundingBox a = new BoundingBox(0, 0, 9, 9);
        // 5 shared columns of 10 rows: 50 / (100 + 100 − 50).
        assertEquals(1.0 / 3, NonMaxSuppression.overlap(a, new BoundingBox(5, 0, 14, 9)), 1e-15);
        // Adjacent boxes without a shared pixel: none.
        assertEquals(0.0, NonMaxSuppression.overlap(a, new BoundingBox(10, 0, 19, 9)));
        // Sharing the last column: 10 / 190, although the plain IoU would be 0.
        assertEquals(10.0 / 190, NonMaxSuppression.overlap(a, new BoundingBox(9, 0, 18, 9)), 1e-15);
        // Far apart: the clamped intersection is 0.
        assertEquals(0.0, NonMaxSuppression.overlap(a, new BoundingBox(50, 50, 60, 60)));
        // A point box still has one pixel: 1 / 100.
        assertEquals(0.01, NonMaxSuppression.overlap(a, new BoundingBox(3, 3, 3, 3)), 1e-15);
    }

    @Test
    void greedyByScoreSuppressingAboveTheThreshold() {
        ScoredBox a = box(0, 0, 9, 9, 0.9);
        ScoredBox b = box(5, 0, 14, 9, 0.8); // 1/3 with a: suppressed
        ScoredBox c = box(6, 0, 15, 9, 0.7); // 40/160 = 0.25 with a: kept
        ScoredBox d = box(100, 100, 120, 120, 0.95); // alone
        List<ScoredBox> kept = NonMaxSuppression.apply(List.of(a, b, c, d), 0.3);
        assertEquals(List.of(d, a, c), kept, "kept, by decreasing score");
    }

    @Test
    void aSuppressedBoxSuppressesNothing() {
        ScoredBox a = box(0, 0, 9, 9, 0.9);
        ScoredBox b = box(5, 0, 14, 9, 0.8); // suppressed by a
        ScoredBox e = box(11, 0, 20, 9, 0.7); // 40/160 = 0.25 with b, 0 with a
        assertEquals(List.of(a, e), NonMaxSuppression.apply(List.of(a, b, e), 0.1));
    }

    @Test
    void overlapEqualToTheThresholdIsKept() {
        ScoredBox a = box(0, 0, 9, 9, 0.9);
        ScoredBox inside = box(0, 0, 2, 9, 0.8); // 30 pixels, all shared: 30 / 100 = 0.3 exactly
        assertEquals(0.3, NonMaxSuppression.overlap(a.box(), inside.box()));
        assertEquals(List.of(a, inside), NonMaxSuppression.apply(List.of(a, inside), 0.3));
        ScoredBox slightlyMore = box(0, 0, 2.001, 9, 0.8);
        assertEquals(List.of(a), NonMaxSuppression.apply(List.of(a, slightlyMore), 0.3));
    }

    @Test
    void equalScoresKeepTheLaterCandidate() {
        ScoredBox first = box(0, 0, 9, 9, 0.6);
        ScoredBox second = box(1, 0, 10, 9, 0.6);
        assertEquals(List.of(second), NonMaxSuppression.apply(List.of(first, second), 0.3));
        assertEquals(List.of(first), NonMaxSuppression.apply(List.of(second, first), 0.3));
    }

    @Test
    void thresholdOneKeepsEverythingAndZeroKeepsDisjointOnly() {
        ScoredBox a = box(0, 0, 9, 9, 0.9);
        ScoredBox same = box(0, 0, 9, 9, 0.8);
        ScoredBox touching = box(10, 0, 19, 9, 0.7);
        assertEquals(List.of(a, same, touching), NonMaxSuppression.apply(List.of(a, same, touching), 1.0));
        assertEquals(List.of(a, touching), NonMaxSuppression.apply(List.of(a, same, touching), 0.0));
    }

    @Test
    void emptyInputAndBadThreshold() {
        assertEquals(List.of(), NonMaxSuppression.apply(List.of(), 0.3));
        assertThrows(IllegalArgumentException.class, () -> NonMaxSuppression.apply(List.of(), 1.5));
        assertThrows(IllegalArgumentException.class, () -> NonMaxSuppression.apply(List.of(), Double.NaN));
    }
}
