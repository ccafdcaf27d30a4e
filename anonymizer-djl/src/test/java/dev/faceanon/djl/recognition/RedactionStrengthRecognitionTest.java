package dev.faceanon.djl.recognition;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.align.FaceCompositor;
import dev.faceanon.align.FaceExtractor;
import dev.faceanon.align.PasteBack;
import dev.faceanon.face.Face;
import dev.faceanon.face.FaceDescriptor;
import dev.faceanon.face.FaceRecognizer;
import dev.faceanon.image.PillowResampler;
import dev.faceanon.image.ResampleFilter;
import dev.faceanon.image.RgbImage;
import dev.faceanon.redact.BlackOut;
import dev.faceanon.redact.FaceRedactor;
import dev.faceanon.redact.GaussianBlur;
import dev.faceanon.redact.Pixelate;
import dev.faceanon.redact.Redaction;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every redaction at its default strength hides the real photo's face from face-api's recognizer at any size: the
 * photo resized so that the face is 30 to 240 pixels wide, the face redacted on each path the library redacts
 * on, and the redacted face beyond the match threshold both from the unredacted face of the same size and from the
 * face in the photo as it is (87 pixels wide, as a gallery photo of the person would be). With the strength defined
 * on the 512-pixel crop, as before, a mosaic and a blur stayed within 0.40 to 0.58 of the face (docs/redaction.md).
 */
class RedactionStrengthRecognitionTest {
    private static final double THRESHOLD = FaceRecognizer.DEFAULT_MATCH_THRESHOLD;

    private final FaceApiRecognizer recognizer = FaceApiFixtures.recognizer();
    private final RgbImage photo = FaceApiFixtures.astronaut();
    private final Face face = FaceApiFixtures.astronautFace();

    @ParameterizedTest(name = "face {0} px wide")
    @ValueSource(ints = {30, 60, 120, 240})
    void everyDefaultRedactionPutsTheFaceBeyondTheThreshold(int width) {
        double scale = width / face.box().width();
        int w = (int) Math.round(photo.width() * scale);
        int h = (int) Math.round(photo.height() * scale);
        RgbImage resized = PillowResampler.resize(photo, w, h, ResampleFilter.LANCZOS);
        Face scaled = face.scaled((double) w / photo.width(), (double) h / photo.height());
        assertTrue(Math.abs(scaled.box().width() - width) < 0.5, "face width " + scaled.box().width());
        FaceDescriptor original = recognizer.describe(photo, face);
        FaceDescriptor unredacted = recognizer.describe(resized, scaled);
        for (Redaction r : List.of(new BlackOut(), new Pixelate(), new GaussianBlur())) {
            // redact and the fallback of unalignable faces (hard paste), anonymize's fallback (model-size crops,
            // feathered; 64 px as the tiny model has them, the smallest crop the library cuts).
            RgbImage aligned = new FaceRedactor(r).redact(resized, List.of(scaled));
            RgbImage boxSquare = new FaceRedactor(r).redactAroundBoxes(resized, List.of(scaled));
            RgbImage fallback = new FaceRedactor(r, new FaceExtractor(64),
                    FaceCompositor.protecting(PasteBack.feathered())).redact(resized, List.of(scaled));
            for (RgbImage redacted : List.of(aligned, boxSquare, fallback)) {
                FaceDescriptor d = recognizer.describe(redacted, scaled);
                double fromSameSize = unredacted.distanceTo(d);
                double fromOriginal = original.distanceTo(d);
                String what = String.format(Locale.ROOT, "%s, face %d px wide, %s: %.3f from the unredacted face,"
                        + " %.3f from the original", r, width, redacted == aligned ? "aligned crop"
                        : redacted == boxSquare ? "box square" : "64-px feathered crop", fromSameSize, fromOriginal);
                System.out.println(what);
                assertTrue(fromSameSize > THRESHOLD && fromOriginal > THRESHOLD, what);
            }
        }
    }
}
