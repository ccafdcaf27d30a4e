package dev.faceanon.djl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.faceanon.djl.testing.HandTensors;
import dev.faceanon.djl.weights.TensorSource;
import dev.faceanon.model.WeightMismatchException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointLoaderTest {

    /** A toy block asking for a current-name parameter with a legacy alias and a nested linear. */
    private static final class Toy {
        final NDArray q;
        final Linear proj;

        Toy(Weights w) {
            q = w.at("attn").get("to_q.weight", List.of("query.weight"), 2, 2);
            proj = new Linear(w.at("blocks").at(0).at("proj"), 2, 3, true);
        }
    }

    @Test
    void recordsExpectedParametersWithoutAllocating() {
        List<ParameterSpec> specs = CheckpointLoader.expectedParameters(Toy::new);
        assertEquals(3, specs.size());
        assertEquals("attn.to_q.weight", specs.get(0).key());
        assertEquals(List.of("attn.query.weight"), specs.get(0).legacyKeys());
        assertEquals("blocks.0.proj.weight", specs.get(1).key());
        assertArrayEquals(new long[] {3, 2}, specs.get(1).shape());
        assertEquals("blocks.0.proj.bias", specs.get(2).key());
    }

    @Test
    void loadsCurrentOrLegacyNamesAndConvertsType() {
        TensorSource src = new HandTensors()
                .put("attn.query.weight", new float[] {1, 2, 3, 4}, 2, 2)
                .put("blocks.0.proj.weight", new float[] {1, 0, 0, 1, 1, 1}, 3, 2)
                .put("blocks.0.proj.bias", new float[] {0, 0, 0.5f}, 3)
                .put("text_model.ignored", new float[] {9}, 1).source();
        try (NDManager m = NDManager.newBaseManager()) {
            Toy toy = CheckpointLoader.load("Toy", src, k -> k.startsWith("text_model."), m, DataType.FLOAT16, Toy::new);
            assertEquals(DataType.FLOAT16, toy.q.getDataType());
            assertArrayEquals(new float[] {1, 2, 3, 4}, toy.q.toType(DataType.FLOAT32, false).toFloatArray());
            NDArray y = toy.proj.forward(m.create(new float[] {2, 3}).toType(DataType.FLOAT16, false));
            assertArrayEquals(new float[] {2, 3, 5.5f}, y.toType(DataType.FLOAT32, false).toFloatArray());
        }
    }

    /** A block that computes with one parameter and knowingly skips a second one. */
    private static final class Truncated {
        final NDArray used;

        Truncated(Weights w) {
            used = w.get("head.weight", 2);
            new Linear(w.at("tail").unused(), 2, 2, true);
        }
    }

    @Test
    void unusedParametersAreListedButNeverLoadedAndMayBeAbsent() {
        List<ParameterSpec> specs = CheckpointLoader.expectedParameters(Truncated::new);
        assertEquals(List.of("head.weight", "tail.weight", "tail.bias"),
                specs.stream().map(ParameterSpec::key).collect(java.util.stream.Collectors.toList()));
        assertEquals(List.of(false, true, true),
                specs.stream().map(ParameterSpec::unused).collect(java.util.stream.Collectors.toList()));
        TensorSource full = new HandTensors().put("head.weight", new float[] {1, 2}, 2)
                .put("tail.weight", new float[] {1, 2, 3, 4}, 2, 2).put("tail.bias", new float[] {0, 0}, 2).source();
        TensorSource stripped = new HandTensors().put("head.weight", new float[] {1, 2}, 2).source();
        TensorSource wrongTail = new HandTensors().put("head.weight", new float[] {1, 2}, 2)
                .put("tail.bias", new float[] {0, 0, 0}, 3).source();
        try (NDManager m = NDManager.newBaseManager()) {
            long before = m.getManagedArrays().size();
            Truncated t = CheckpointLoader.load("T", full, k -> false, m, DataType.FLOAT32, Truncated::new);
            assertArrayEquals(new float[] {1, 2}, t.used.toFloatArray());
            assertEquals(before + 1, m.getManagedArrays().size(), "only the used parameter is loaded");
            CheckpointLoader.load("T", stripped, k -> false, m, DataType.FLOAT32, Truncated::new);
            WeightMismatchException e = assertThrows(WeightMismatchException.class,
                    () -> CheckpointLoader.load("T", wrongTail, k -> false, m, DataType.FLOAT32, Truncated::new));
            assertEquals(List.of("tail.bias: expected [2], found [3]"), e.misShaped());
        }
    }

    @Test
    void reportsEveryProblemAtOnce() {
        TensorSource src = new HandTensors()
                .put("attn.to_q.weight", new float[] {1, 2, 3, 4, 5, 6}, 2, 3)
                .put("blocks.0.proj.weight", new float[] {1, 0, 0, 1, 1, 1}, 3, 2)
                .put("blocks.0.extra", new float[] {1}, 1).source();
        try (NDManager m = NDManager.newBaseManager()) {
            WeightMismatchException e = assertThrows(WeightMismatchException.class,
                    () -> CheckpointLoader.load("Toy", src, k -> false, m, DataType.FLOAT32, Toy::new));
            assertEquals(List.of("blocks.0.proj.bias"), e.missing());
            assertEquals(List.of("blocks.0.extra"), e.unexpected());
            assertEquals(List.of("attn.to_q.weight: expected [2, 2], found [2, 3]"), e.misShaped());
            assertTrue(e.getMessage().contains("1 missing, 1 unexpected, 1 mis-shaped"), e.getMessage());
            assertTrue(e.getMessage().startsWith("in-memory.safetensors"), e.getMessage());
        }
    }
}
