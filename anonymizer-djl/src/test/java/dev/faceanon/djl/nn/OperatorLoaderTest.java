package dev.faceanon.djl.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What an operator's caller sees when it loads, when libtorch cannot compile its source, and when its self-check
 * fails: the operator is absent and the reason reaches the caller, whose slower path then serves.
 */
class OperatorLoaderTest {

    private static final String DOUBLING = """
            class Doubling(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def forward(self: __torch__.Doubling,
                x: Tensor) -> Tensor:
                return torch.mul(x, 2)
            """;

    /** An operator libtorch 2.7.1 does not have, as in a build without oneDNN's. */
    private static final String MISSING_OPERATOR = """
            class Missing(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def forward(self: __torch__.Missing,
                x: Tensor) -> Tensor:
                return ops.faceanon_absent._no_such_operator(x)
            """;

    @Test
    void loadsTheOperatorAndRunsItsSelfCheckFirst() {
        List<Float> checked = new ArrayList<>();
        List<Exception> failures = new ArrayList<>();
        Optional<PtSymbolBlock> op = OperatorLoader.load(Device.cpu(),
                OperatorArchive.bytes("doubling/", "Doubling", DOUBLING), module -> module,
                (module, manager) -> checked.add(run(module, manager.create(new float[] {1.5f}))),
                failures::add);
        assertTrue(op.isPresent());
        assertEquals(List.of(3f), checked, "the self-check ran the loaded module");
        assertTrue(failures.isEmpty(), failures.toString());
    }

    @Test
    void aSourceLibtorchCannotCompileLeavesTheOperatorAbsentAndSaysWhy() {
        List<Exception> failures = new ArrayList<>();
        Optional<Object> op = OperatorLoader.load(Device.cpu(),
                OperatorArchive.bytes("missing/", "Missing", MISSING_OPERATOR), module -> module,
                (module, manager) -> {
                    throw new AssertionError("no self-check of a module that did not load");
                }, failures::add);
        assertTrue(op.isEmpty());
        assertEquals(1, failures.size());
        assertTrue(failures.get(0).getMessage().contains("_no_such_operator"), failures.get(0).getMessage());
    }

    @Test
    void aFailedSelfCheckLeavesTheOperatorAbsentAndSaysWhy() {
        List<Exception> failures = new ArrayList<>();
        Optional<Object> op = OperatorLoader.load(Device.cpu(),
                OperatorArchive.bytes("doubling/", "Doubling", DOUBLING), module -> module,
                (module, manager) -> {
                    throw new IllegalStateException("self-check gave 4 instead of 3");
                }, failures::add);
        assertTrue(op.isEmpty());
        assertEquals(1, failures.size());
        assertEquals("self-check gave 4 instead of 3", failures.get(0).getMessage());
    }

    private static float run(PtSymbolBlock module, NDArray x) {
        try (IValue in = IValue.from((PtNDArray) x); IValue out = module.forward(in)) {
            NDArray y = out.toTensor((PtNDManager) x.getManager());
            assertEquals(new Shape(1), y.getShape());
            return y.getFloat(0);
        }
    }
}
