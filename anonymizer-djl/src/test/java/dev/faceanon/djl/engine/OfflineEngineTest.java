package dev.faceanon.djl.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;

/** The PyTorch engine starts from the Maven artifacts alone, with downloads forbidden. */
class OfflineEngineTest {

    @Test
    void engineStartsOfflineAndComputes() {
        assertEquals("true", System.getProperty("ai.djl.offline"), "surefire must run with -Dai.djl.offline=true");
        Engine engine = Engine.getEngine("PyTorch");
        assertEquals("2.7.1", engine.getVersion());
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2));
            assertArrayEquals(new float[] {7, 10, 15, 22}, a.matMul(a).toFloatArray());
            NDArray h = a.toType(DataType.FLOAT16, false).mul(2).toType(DataType.FLOAT32, false);
            assertArrayEquals(new float[] {2, 4, 6, 8}, h.toFloatArray());
        }
    }
}
