package dev.faceanon.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.align.AlignFixtures;
import dev.faceanon.image.RgbImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * GaussianBlur and Pixelate against cv2.GaussianBlur / cv2.resize outputs of OpenCV 4.6
 * (fixtures/cases.tsv, make_redaction_fixtures.py), including images smaller than the kernel.
 */
class RedactionFixtureTest {

    @Test
    void everyCaseMatchesOpenCvToTheByte() {
        List<String[]> cases = AlignFixtures.table(getClass(), "fixtures/cases.tsv");
        assertTrue(cases.size() >= 30, "fixture table has " + cases.size() + " cases");
        for (String[] c : cases) {
            RgbImage source = AlignFixtures.image(getClass(), "fixtures/" + c[0]);
            int parameter = Integer.parseInt(c[2]);
            Redaction r = c[1].equals("BLUR") ? new GaussianBlur(parameter, 0) : new Pixelate(parameter);
            RgbImage actual = r.apply(source);
            int[] diff = AlignFixtures.difference(actual, AlignFixtures.image(getClass(), "fixtures/" + c[3]));
            assertEquals(0, diff[0], c[3] + ": " + diff[0] + " samples differ, max " + diff[1]);
        }
    }
}
