package dev.faceanon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.align.SyntheticFaces;
import dev.faceanon.face.Face;
import dev.faceanon.noise.SeededNoiseSource;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Call options carry no state that one caller can change for another: every default and every
 * build has its own cancellation token, and a noise source serves exactly one call.
 */
class CallOptionsTest {

    private static StandInBackend honouringCancellation() {
        return new StandInBackend(req -> {
            req.cancellation().throwIfCancelled();
            return StandInBackend.invert(req);
        });
    }

    private static BufferedImage photo() {
        return new BufferedImage(200, 160, BufferedImage.TYPE_3BYTE_BGR);
    }

    private static Face face() {
        return SyntheticFaces.face68(SyntheticFaces.placement(80, 0, 100, 80));
    }

    @Test
    void cancellingTheDefaultsTokenCancelsNoLaterCall() {
        CallOptions.defaults().cancellation().cancel();
        assertFalse(CallOptions.defaults().cancellation().isCancelled(), "defaults share a cancelled token");
        assertNotSame(CallOptions.defaults().cancellation(), CallOptions.defaults().cancellation());
        StandInBackend backend = honouringCancellation();
        try (FaceModels models = FaceModels.of(backend)) {
            AnonymizationResult r = models.anonymizer().anonymize(photo(), List.of(face()));
            assertTrue(r.allAnonymized(), "a call without options was cancelled: " + r.faces());
            BufferedImage crop = new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR);
            assertEquals(64, models.anonymizer().anonymizeAligned(crop).getWidth());
            assertEquals(2, backend.requests.size());
        }
    }

    @Test
    void everyBuildHasItsOwnTokenUnlessOneIsGiven() {
        CallOptions.Builder builder = CallOptions.builder();
        CallOptions first = builder.build();
        CallOptions second = builder.build();
        first.cancellation().cancel();
        assertFalse(second.cancellation().isCancelled(), "two builds of one builder share a token");
        CancellationToken shared = new CancellationToken();
        CallOptions.Builder withToken = CallOptions.builder().cancellation(shared);
        assertSame(shared, withToken.build().cancellation());
        assertSame(shared, withToken.build().cancellation(), "a token given explicitly is the caller's to share");
    }

    @Test
    void optionsWithANoiseSourceServeOneCall() {
        try (FaceModels models = FaceModels.of(new StandInBackend(StandInBackend::invert))) {
            FaceAnonymizer anonymizer = models.anonymizer();
            BufferedImage crop = new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR);
            CallOptions options = CallOptions.builder().noise(new SeededNoiseSource(3)).build();
            anonymizer.anonymizeAligned(crop, options);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> anonymizer.anonymizeAligned(crop, options));
            assertTrue(e.getMessage().contains("noise source") && e.getMessage().contains("one call"),
                    e.getMessage());
            CallOptions forPhoto = CallOptions.builder().noise(new SeededNoiseSource(3)).build();
            anonymizer.anonymize(photo(), List.of(face()), forPhoto);
            assertThrows(IllegalStateException.class, () -> anonymizer.anonymize(photo(), List.of(face()), forPhoto));
            assertThrows(IllegalStateException.class,
                    () -> models.swapper().swap(crop, crop, forPhoto), "a swap may not reuse it either");
            CallOptions.Builder builder = CallOptions.builder().noise(new SeededNoiseSource(4));
            anonymizer.anonymizeAligned(crop, builder.build());
            assertThrows(IllegalStateException.class, () -> anonymizer.anonymizeAligned(crop, builder.build()),
                    "a second build carries the consumed source");
        }
    }

    @Test
    void optionsWithoutNoiseServeAnyNumberOfCalls() {
        try (FaceModels models = FaceModels.of(new StandInBackend(StandInBackend::invert))) {
            CallOptions options = CallOptions.builder().progress(ProgressListener.NONE).build();
            BufferedImage crop = new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR);
            for (int i = 0; i < 3; i++) {
                assertEquals(64, models.anonymizer().anonymizeAligned(crop, options).getWidth());
            }
        }
    }
}
