package dev.faceanon.spi;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.CancellationToken;
import dev.faceanon.DiffusionConfig;
import dev.faceanon.ProgressListener;
import dev.faceanon.image.RgbImage;
import dev.faceanon.noise.SeededNoiseSource;
import org.junit.jupiter.api.Test;

class GenerationRequestTest {
    private static final RgbImage A = RgbImage.of(16, 16, new byte[16 * 16 * 3]);
    private static final RgbImage B = RgbImage.of(16, 16, new byte[16 * 16 * 3]);
    private static final RgbImage SMALL = RgbImage.of(8, 16, new byte[8 * 16 * 3]);

    private static GenerationRequest request(GenerationMode mode, RgbImage cond, RgbImage id, int face) {
        return new GenerationRequest(mode, cond, id, DiffusionConfig.defaults(), new SeededNoiseSource(1),
                ProgressListener.NONE, new CancellationToken(), face);
    }

    @Test
    void acceptsConsistentRequests() {
        request(GenerationMode.ANONYMIZE, A, A, 0);
        request(GenerationMode.SWAP, A, B, 3);
    }

    @Test
    void rejectsInconsistentRequests() {
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> request(GenerationMode.SWAP, A, SMALL, 0));
        assertTrue(size.getMessage().contains("differs from the conditioning image"), size.getMessage());
        IllegalArgumentException anon = assertThrows(IllegalArgumentException.class,
                () -> request(GenerationMode.ANONYMIZE, A, B, 0));
        assertTrue(anon.getMessage().contains("identity from the conditioning image"), anon.getMessage());
        assertThrows(IllegalArgumentException.class, () -> request(GenerationMode.SWAP, A, B, -1));
        assertThrows(NullPointerException.class, () -> request(null, A, A, 0));
        assertThrows(NullPointerException.class, () -> request(GenerationMode.SWAP, A, null, 0));
    }
}
