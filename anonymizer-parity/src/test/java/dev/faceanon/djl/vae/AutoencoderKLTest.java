package dev.faceanon.djl.vae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.faceanon.djl.config.VaeConfig;
import dev.faceanon.parity.golden.Comparison;
import dev.faceanon.parity.golden.GoldenCase;
import dev.faceanon.parity.VaeGoldenRunner;
import dev.faceanon.parity.TensorCheck;
import dev.faceanon.parity.golden.GoldenDirectory;
import dev.faceanon.parity.golden.Tolerance;
import dev.faceanon.djl.nn.AttentionKernel;
import dev.faceanon.djl.testing.EditedTensorSource;
import dev.faceanon.djl.weights.TensorInfo;
import dev.faceanon.djl.weights.TensorSource;
import dev.faceanon.model.WeightMismatchException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** AutoencoderKL against the vae_tiny golden (README §4.3), plus loading, shape, precision and memory behaviour. */
class AutoencoderKLTest {

    /**
     * Golden README §7: float64 reruns and other kernel paths move these outputs by at most 9.3e-6
     * (decoded, |b| up to 3.7) and 3e-6 (posterior); libtorch 2.7 CPU kernels (oneDNN convolutions,
     * another GEMM) are a different float32 summation order again. 1e-4 + 1e-4·|b| leaves about
     * 10–30× that spread while still catching any real error (a wrong group order, eps or padding
     * moves values by 1e-2 or more).
     */
    private static final Tolerance FP32 = new Tolerance(1e-4, 1e-4);

    @ParameterizedTest
    @EnumSource(AttentionKernel.class)
    void matchesReferenceEncodePosteriorSampleAndDecode(AttentionKernel kernel) {
        // The same reproduction scripts/golden-check runs on any golden directory.
        try (GoldenCase g = VaeGolden.open()) {
            List<TensorCheck> checks = new VaeGoldenRunner(kernel).run(GoldenDirectory.fromSystemProperty(), g);
            assertEquals(6, checks.size());
            for (TensorCheck c : checks) {
                System.out.println(VaeGolden.CASE + " " + kernel + " " + c.summary());
                assertTrue(c.comparison().passed(), c.summary());
            }
        }
    }

    @Test
    void midBlockStatesMatchReferenceHooks() {
        try (GoldenCase g = VaeGolden.open(); NDManager m = NDManager.newBaseManager();
                AutoencoderKL vae = VaeGolden.load(g, g.weights(), m, DataType.FLOAT32)) {
            // The held-out set stores no debug tensors; its outputs are checked by the test above.
            if (g.has("debug.encoder.mid_block")) {
                assertMatches(g, "debug.encoder.mid_block", vae.encoder().throughMidBlock(VaeGolden.image(g, m)));
            }
            if (g.has("debug.decoder.mid_block")) {
                NDArray sample = g.array("output.posterior_sample", m);
                assertMatches(g, "debug.decoder.mid_block",
                        vae.decoder().throughMidBlock(vae.postQuantConv().forward(sample)));
            }
        }
    }

    @Test
    void legacyAttentionNamesLoadTheSameModel() {
        try (GoldenCase g = VaeGolden.open(); NDManager m = NDManager.newBaseManager()) {
            TensorSource legacy = new EditedTensorSource(g.weights()).renameAll(AutoencoderKLTest::legacyName);
            List<String> names = legacy.tensors().stream().map(TensorInfo::name).toList();
            assertTrue(names.contains("encoder.mid_block.attentions.0.proj_attn.weight"), "renaming took effect");
            assertFalse(names.stream().anyMatch(n -> n.contains(".to_q.") || n.contains(".to_out.")),
                    "no current names left");
            NDArray x = VaeGolden.image(g, m);
            NDArray z = g.array("output.posterior_sample", m);
            try (AutoencoderKL current = VaeGolden.load(g, g.weights(), m, DataType.FLOAT32);
                    AutoencoderKL old = VaeGolden.load(g, legacy, m, DataType.FLOAT32)) {
                assertArrayEquals(current.encode(m, x).moments().toFloatArray(),
                        old.encode(m, x).moments().toFloatArray());
                assertArrayEquals(current.decode(m, z).toFloatArray(), old.decode(m, z).toFloatArray());
            }
        }
    }

    @Test
    void checkpointWithNeitherSpellingReportsTheCurrentName() {
        String dropped = "decoder.mid_block.attentions.0.to_k.weight";
        try (GoldenCase g = VaeGolden.open(); NDManager m = NDManager.newBaseManager()) {
            TensorSource incomplete = new EditedTensorSource(g.weights()).remove(dropped::equals);
            WeightMismatchException e = assertThrows(WeightMismatchException.class,
                    () -> VaeGolden.load(g, incomplete, m, DataType.FLOAT32));
            assertEquals(List.of(dropped), e.missing());
            assertEquals(List.of(), e.unexpected());
            assertEquals(List.of(), m.getManagedArrays(), "nothing loaded when the check fails");
        }
    }

    @Test
    void nonSquareImagesKeepTheirAspectAndBatchRowsAreIndependent() {
        try (GoldenCase g = VaeGolden.open(); NDManager m = NDManager.newBaseManager();
                AutoencoderKL vae = VaeGolden.load(g, g.weights(), m, DataType.FLOAT32)) {
            VaeConfig c = vae.config();
            int f = c.downsampleFactor();
            long h = 8L * f;
            long w = 4L * f;
            m.getEngine().setRandomSeed(7);
            NDArray images = m.randomUniform(-1f, 1f, new Shape(2, c.inChannels(), h, w));
            DiagonalGaussianDistribution posterior = vae.encode(m, images);
            assertEquals(new Shape(2, 2L * c.latentChannels(), h / f, w / f), posterior.moments().getShape());
            assertEquals(new Shape(2, c.latentChannels(), h / f, w / f), posterior.mean().getShape());
            NDArray decoded = vae.decode(m, posterior.mode());
            assertEquals(new Shape(2, c.outChannels(), h, w), decoded.getShape());
            assertFinite(posterior.moments());
            assertFinite(decoded);
            // Nothing in the VAE mixes batch rows: row 1 alone must give row 1 of the batch.
            NDArray second = images.get(new NDIndex("1:2"));
            Comparison row = new Tolerance(1e-5, 1e-5).compare(vae.encode(m, second).moments().toFloatArray(),
                    posterior.moments().get(new NDIndex("1:2")).toFloatArray());
            assertTrue(row.passed(), row.summary());
        }
    }

    @Test
    void float16RunsOnCpuAndAgreesWithFloat32() {
        try (GoldenCase g = VaeGolden.open(); NDManager m = NDManager.newBaseManager();
                AutoencoderKL full = VaeGolden.load(g, g.weights(), m, DataType.FLOAT32);
                AutoencoderKL half = VaeGolden.load(g, g.weights(), m, DataType.FLOAT16)) {
            NDArray x = VaeGolden.image(g, m);
            NDArray z = g.array("output.posterior_sample", m);
            DiagonalGaussianDistribution p16 = half.encode(m, x);
            NDArray d16 = half.decode(m, z);
            assertEquals(DataType.FLOAT16, p16.mean().getDataType());
            assertEquals(DataType.FLOAT16, d16.getDataType());
            Tolerance fp16 = FP16;
            Comparison mean = fp16.compare(toFloats(p16.mean()), full.encode(m, x).mean().toFloatArray());
            Comparison decoded = fp16.compare(toFloats(d16), full.decode(m, z).toFloatArray());
            System.out.println("vae fp16 vs fp32 posterior_mean: " + mean.summary());
            System.out.println("vae fp16 vs fp32 decoded: " + decoded.summary());
            assertTrue(mean.passed(), mean.summary());
            assertTrue(decoded.passed(), decoded.summary());
        }
    }

    /**
     * float16 has a 2^-11 ≈ 4.9e-4 relative rounding step; every conv, norm and attention output is
     * rounded to it and about 30 such layers are chained, with activations up to ≈10 inside the
     * tiny model. The bound is set from the measured deviation (see the printed summaries) with
     * room to spare; a real fault (a wrong type cast, a kernel running on garbage) is far larger.
     */
    private static final Tolerance FP16 = new Tolerance(2e-2, 2e-2);

    @Test
    void repeatedPassesLeaveNoArraysBehind() {
        try (GoldenCase g = VaeGolden.open(); NDManager base = NDManager.newBaseManager();
                NDManager caller = base.newSubManager(); NDManager modelParent = base.newSubManager();
                AutoencoderKL vae = VaeGolden.load(g, g.weights(), modelParent, DataType.FLOAT32)) {
            NDArray x = VaeGolden.image(g, caller);
            NDArray noise = g.array(VaeGolden.NOISE, caller);
            onePass(vae, caller, x, noise); // first call caches GroupNorm's per-size unit affines
            int callerBefore = caller.getManagedArrays().size();
            int modelBefore = modelParent.getManagedArrays().size();
            for (int i = 0; i < 20; i++) {
                onePass(vae, caller, x, noise);
                assertEquals(callerBefore, caller.getManagedArrays().size(), "caller arrays after pass " + i);
                assertEquals(modelBefore, modelParent.getManagedArrays().size(), "model arrays after pass " + i);
            }
        }
    }

    /** One encode, sample and decode; asserts the caller's manager gains only the results, then frees them. */
    private static void onePass(AutoencoderKL vae, NDManager caller, NDArray x, NDArray noise) {
        int start = caller.getManagedArrays().size();
        DiagonalGaussianDistribution posterior = vae.encode(caller, x);
        assertEquals(start + 4, caller.getManagedArrays().size(), "moments, mean, logvar, std");
        NDArray z = posterior.sample(noise);
        NDArray image = vae.decode(caller, z);
        assertEquals(start + 6, caller.getManagedArrays().size(), "posterior, sample and image only");
        posterior.close();
        z.close();
        image.close();
    }

    @Test
    void concurrentCallsAgreeWithSequentialOnes() throws Exception {
        try (GoldenCase g = VaeGolden.open(); NDManager m = NDManager.newBaseManager();
                AutoencoderKL vae = VaeGolden.load(g, g.weights(), m, DataType.FLOAT32)) {
            NDArray x = VaeGolden.image(g, m);
            float[] expected = vae.encode(m, x).moments().toFloatArray();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<float[]>> results = pool.invokeAll(List.of(() -> encodeOnOwnManager(vae, x),
                        () -> encodeOnOwnManager(vae, x)));
                for (Future<float[]> r : results) {
                    assertArrayEquals(expected, r.get());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static float[] encodeOnOwnManager(AutoencoderKL vae, NDArray x) {
        try (NDManager own = NDManager.newBaseManager()) {
            return vae.encode(own, x).moments().toFloatArray();
        }
    }

    @Test
    void rejectsInputsOfTheWrongLayout() {
        try (GoldenCase g = VaeGolden.open(); NDManager m = NDManager.newBaseManager();
                AutoencoderKL vae = VaeGolden.load(g, g.weights(), m, DataType.FLOAT32)) {
            VaeConfig c = vae.config();
            NDArray hwc = m.zeros(new Shape(1, 16, 16, c.inChannels()));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> vae.encode(m, hwc));
            assertTrue(e.getMessage().contains("[B, " + c.inChannels() + ", H, W]"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> vae.decode(m, m.zeros(new Shape(1, c.latentChannels() + 1, 4, 4))));
            assertThrows(IllegalArgumentException.class, () -> vae.decode(m, m.zeros(new Shape(c.latentChannels(), 4, 4))));
            assertThrows(IllegalArgumentException.class, () -> VaeGolden.load(g, g.weights(), m, DataType.FLOAT64));
        }
    }

    private static String legacyName(String key) {
        return key.replace("attentions.0.to_q.", "attentions.0.query.")
                .replace("attentions.0.to_k.", "attentions.0.key.")
                .replace("attentions.0.to_v.", "attentions.0.value.")
                .replace("attentions.0.to_out.0.", "attentions.0.proj_attn.");
    }

    private static void assertMatches(GoldenCase g, String name, NDArray actual) {
        assertArrayEquals(g.info(name).shape(), actual.getShape().getShape(), name + " shape");
        Comparison c = FP32.compare(actual.toFloatArray(), g.floats(name));
        System.out.println("vae_tiny " + name + ": " + c.summary());
        assertTrue(c.passed(), name + ": " + c.summary());
    }

    private static float[] toFloats(NDArray a) {
        return a.toType(DataType.FLOAT32, false).toFloatArray();
    }

    private static void assertFinite(NDArray a) {
        for (float v : toFloats(a)) {
            assertTrue(Float.isFinite(v), "non-finite value");
        }
    }
}
