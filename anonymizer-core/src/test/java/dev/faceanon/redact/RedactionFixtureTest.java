package dev.faceanon.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.align.AlignFixtures;
import dev.faceanon.image.RgbImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The filter of GaussianBlur against cv2.GaussianBlur outputs of OpenCV 4.6 (fixtures/cases.tsv,
 * make_redaction_fixtures.py), with a given kernel size and with the size OpenCV derives from σ,
 * including images smaller than the kernel.
 */
class RedactionFixtureTest {

    @Test
    void everyCaseMatchesOpenCvToTheByte() {
        List<String[]> cases = AlignFixtures.table(getClass(), "fixtures/cases.tsv");
        assertTrue(cases.size() >= 32, "fixture table has " + cases.size() + " cases");
        for (String[] c : cases) {
            RgbImage source = AlignFixtures.image(getClass(), "fixtures/" + c[0]);
            OpenCvGaussianBlur filter = switch (c[1]) {
                case "BLUR" -> new OpenCvGaussianBlur(Integer.parseInt(c[2]), 0);
                case "BLUR_SIGMA" -> OpenCvGaussianBlur.ofSigma(Double.parseDouble(c[2]));
                default -> throw new AssertionError("unknown operation " + c[1]);
            };
            RgbImage actual = filter.apply(source);
            int[] diff = AlignFixtures.difference(actual, AlignFixtures.image(getClass(), "fixtures/" + c[3]));
            assertEquals(0, diff[0], c[3] + ": " + diff[0] + " samples differ, max " + diff[1]);
        }
    }
}
