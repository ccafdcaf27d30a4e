package dev.faceanon.djl.unet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.faceanon.djl.config.GoldenConfigs;
import dev.faceanon.djl.config.UNetConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class ReferenceStatesTest {

    @Test
    void keysAreTheFirstAttentionOfEveryAttentionBearingBlock() {
        // Spec §2.4: the seven states of SD-2.1 (up_blocks.0 is an UpBlock2D without attention).
        assertEquals(List.of("down_blocks.0.attentions.0", "down_blocks.1.attentions.0", "down_blocks.2.attentions.0",
                "mid_block.attentions.0", "up_blocks.1.attentions.0", "up_blocks.2.attentions.0",
                "up_blocks.3.attentions.0"), ReferenceStates.keysFor(UNetConfig.stableDiffusion21()));
        JsonObject json = GoldenConfigs.config(GoldenConfigs.UNET_TINY);
        json.add("down_block_types", JsonParser.parseString(
                "[\"DownBlock2D\", \"CrossAttnDownBlock2D\", \"DownBlock2D\", \"DownBlock2D\"]"));
        json.add("up_block_types", JsonParser.parseString(
                "[\"UpBlock2D\", \"CrossAttnUpBlock2D\", \"CrossAttnUpBlock2D\", \"UpBlock2D\"]"));
        UNetConfig other = UNetConfig.fromJson(json, Path.of("test"));
        assertEquals(List.of("down_blocks.1.attentions.0", "mid_block.attentions.0", "up_blocks.1.attentions.0",
                "up_blocks.2.attentions.0"), ReferenceStates.keysFor(other));
    }

    @Test
    void concatenatesSourceThenConditioningAlongTokens() {
        try (NDManager m = NDManager.newBaseManager()) {
            // [B=2, T=1, C=2] source and [2, 2, 2] conditioning.
            try (ReferenceStates source = ReferenceStates.adopt(m, Map.of("a",
                    m.create(new float[] {1, 2, 3, 4}, new Shape(2, 1, 2))));
                    ReferenceStates conditioning = ReferenceStates.adopt(m, Map.of("a",
                            m.create(new float[] {5, 6, 7, 8, 9, 10, 11, 12}, new Shape(2, 2, 2))));
                    ReferenceStates joined = source.concatTokens(m, conditioning)) {
                NDArray a = joined.get("a");
                assertArrayEquals(new long[] {2, 3, 2}, a.getShape().getShape());
                assertArrayEquals(new float[] {1, 2, 5, 6, 7, 8, 3, 4, 9, 10, 11, 12}, a.toFloatArray());
                assertEquals(2, joined.batchSize());
                assertThrows(NoSuchElementException.class, () -> joined.get("b"));
            }
        }
    }

    @Test
    void ownsItsArraysAndRejectsInconsistentStates() {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> states = new LinkedHashMap<>();
            states.put("a", m.zeros(new Shape(2, 4, 3)));
            states.put("b", m.zeros(new Shape(2, 1, 5)));
            ReferenceStates owned = ReferenceStates.adopt(m, states);
            assertEquals(2, m.getManagedArrays().size());
            owned.close();
            assertEquals(0, m.getManagedArrays().size());
            assertThrows(IllegalArgumentException.class,
                    () -> ReferenceStates.adopt(m, Map.of("a", m.zeros(new Shape(2, 4)))));
            Map<String, NDArray> batches = new LinkedHashMap<>();
            batches.put("a", m.zeros(new Shape(2, 4, 3)));
            batches.put("b", m.zeros(new Shape(1, 4, 3)));
            assertThrows(IllegalArgumentException.class, () -> ReferenceStates.adopt(m, batches));
            try (ReferenceStates x = ReferenceStates.adopt(m, Map.of("a", m.zeros(new Shape(1, 4, 3))));
                    ReferenceStates y = ReferenceStates.adopt(m, Map.of("b", m.zeros(new Shape(1, 4, 3))));
                    ReferenceStates z = ReferenceStates.adopt(m, Map.of("a", m.zeros(new Shape(1, 4, 2))))) {
                assertThrows(IllegalArgumentException.class, () -> x.concatTokens(m, y));
                assertThrows(IllegalArgumentException.class, () -> x.concatTokens(m, z));
            }
        }
    }
}
