package dev.faceanon.djl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The tiled oneDNN attention against the materialised path (an independent composition of libtorch's matmul and
 * softmax), the rule that gives it an attention, and its memory.
 */
class TiledAttentionTest {
    /**
     * Float32 rounding of sums over up to 700 keys of standard normal values, in two summation orders (outputs are
     * averages of values, of order 0.1-1; observed differences are about 3e-7).
     */
    private static final float TOLERANCE = 1e-5f;

    /**
     * SHA-256 of the archive. It changes only when the source text or the generator changes; a change must be
     * deliberate (update this value in the same commit).
     */
    private static final String SHA256 = "e7520dd157fe0664ea4098cb21131b6b6d4a4183d1fdfc89e17c4f2742ac0963";

    @AfterEach
    void clearProperty() {
        System.clearProperty(TiledAttention.PROPERTY);
    }

    @ParameterizedTest
    @CsvSource({
        // batch, heads, queries, keys, features, queries per tile
        "2, 5, 300, 700, 64, 128", // three tiles, the last one partial: keys and values reordered for oneDNN
        "2, 5, 300, 700, 64, 512", // one tile: dense keys and values
        "1, 1, 64, 4096, 512, 16", // the VAE's one wide head
        "3, 2, 33, 17, 8, 1", // a tile per query
    })
    void equalsTheMaterialisedPathWithAnyTiling(long b, int heads, long lq, long lk, long d, long tile) {
        TiledAttention tiled = operator();
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            m.getEngine().setRandomSeed(7);
            NDArray q = m.randomNormal(new Shape(b, lq, heads * d));
            NDArray k = m.randomNormal(new Shape(b, lk, heads * d));
            NDArray v = m.randomNormal(new Shape(b, lk, heads * d));
            NDArray expected = MaterialisedAttention.attend(q, k, v, heads, AttentionOptions.materialised(false, 0));
            NDArray actual = tiled.withTile(tile).attend(q, k, v, heads);
            assertEquals(expected.getShape(), actual.getShape());
            float worst = actual.sub(expected).abs().max().getFloat();
            assertTrue(worst <= TOLERANCE, "differs by " + worst);
        }
    }

    /**
     * A hand-computed case, independent of libtorch's other kernels: scale 1/√4, so the scores are 0 and 2·1/2 = 1 for
     * the first query and 0 and 1·1/2 for the second (a tile each); the weights are e^s over their sum.
     */
    @Test
    void computesTheHandComputedCase() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray q = m.create(new float[] {2, 0, 0, 0, 1, 0, 0, 0}, new Shape(1, 1, 2, 4));
            NDArray k = m.create(new float[] {0, 0, 0, 0, 1, 0, 0, 0}, new Shape(1, 1, 2, 4));
            NDArray v = m.create(new float[] {1, 0, 0, 0, 0, 1, 0, 0}, new Shape(1, 1, 2, 4));
            double first = Math.E / (1 + Math.E);
            double second = Math.exp(0.5) / (1 + Math.exp(0.5));
            float[] expected = {(float) (1 - first), (float) first, 0, 0, (float) (1 - second), (float) second, 0, 0};
            for (long tile : new long[] {1, 2}) {
                assertArrayEquals(expected, operator().withTile(tile).attendHeads(q, k, v).toFloatArray(), 1e-6f,
                        "tiles of " + tile);
            }
        }
    }

    /** The default tiling, through the dispatcher, on an attention large enough for the rule to choose the tiles. */
    @Test
    void theFusedKernelTilesLargeCpuAttentionsAndMatchesTheFlashKernel() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            m.getEngine().setRandomSeed(8);
            NDArray q = m.randomNormal(new Shape(1, 1100, 2 * 32));
            NDArray k = m.randomNormal(new Shape(1, 1000, 2 * 32));
            NDArray v = m.randomNormal(new Shape(1, 1000, 2 * 32));
            assertTrue(TiledAttention.forInputs(q, k, v).isPresent(), "1100·1000 scores per head are tiled");
            NDArray viaDispatcher = DotProductAttention.attend(q, k, v, 2, AttentionOptions.defaults(false));
            NDArray flash = FusedAttention.on(Device.cpu()).orElseThrow().attend(q, k, v, 2);
            float worst = viaDispatcher.sub(flash).abs().max().getFloat();
            assertTrue(worst <= TOLERANCE, "differs by " + worst);
        }
    }

    @Test
    void theRuleTilesLargeFloat32CpuAttentionsOnly() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray big = m.zeros(new Shape(1, 1024, 8));
            NDArray small = m.zeros(new Shape(1, 1023, 8));
            assertTrue(TiledAttention.forInputs(big, big, big).isPresent(), "1024·1024 scores");
            assertTrue(TiledAttention.forInputs(small, big, big).isEmpty(), "1023·1024 scores");
            NDArray half = big.toType(DataType.FLOAT16, false);
            assertTrue(TiledAttention.forInputs(half, half, half).isEmpty(), "float16");
            assertTrue(TiledAttention.forInputs(big, half, big).isEmpty(), "float16 keys");

            System.setProperty(TiledAttention.PROPERTY, "always");
            assertTrue(TiledAttention.forInputs(small, small, small).isPresent());
            System.setProperty(TiledAttention.PROPERTY, " Never ");
            assertTrue(TiledAttention.forInputs(big, big, big).isEmpty());
            System.setProperty(TiledAttention.PROPERTY, "tiled");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TiledAttention.forInputs(big, big, big));
            assertTrue(e.getMessage().contains(TiledAttention.PROPERTY) && e.getMessage().contains("'tiled'"),
                    e.getMessage());
        }
    }

    @Test
    void tilesHoldAtMostTheirScoreBudget() {
        assertEquals(512, TiledAttention.tileRows(12288));
        assertEquals(512, TiledAttention.tileRows(64));
        assertEquals(256, TiledAttention.tileRows(2 * 12288));
        assertEquals(384, TiledAttention.tileRows(16384));
        assertEquals(1, TiledAttention.tileRows(TiledAttention.TILE_SCORES * 3));
        assertTrue(TiledAttention.tileRows(16384) * 16384 <= TiledAttention.TILE_SCORES);
    }

    @Test
    void theArchiveIsReproducibleAndHoldsOnlyTheSource() throws IOException, NoSuchAlgorithmException {
        StoredArchive.assertHoldsOnly(TiledAttention::archive, SHA256, TiledAttention.ROOT, TiledAttention.SOURCE);
    }

    @Test
    void isLoadedOncePerDevice() {
        assertSame(operator(), operator());
    }

    /** @return the operator on the CPU, which every test here needs loaded */
    private static TiledAttention operator() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray p = m.zeros(new Shape(1, 1024, 8));
            return TiledAttention.forInputs(p, p, p).orElseThrow();
        }
    }
}
