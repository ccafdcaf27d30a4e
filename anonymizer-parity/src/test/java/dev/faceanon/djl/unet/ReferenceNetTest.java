package dev.faceanon.djl.unet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import dev.faceanon.djl.config.UNetConfig;
import dev.faceanon.parity.golden.Comparison;
import dev.faceanon.parity.golden.GoldenCase;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.djl.nn.ParameterSpec;
import dev.faceanon.djl.testing.EditedTensorSource;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The ReferenceNet against the official code's referencenet_tiny golden (README §4.2). */
class ReferenceNetTest {
    private static final Logger LOG = LoggerFactory.getLogger(ReferenceNetTest.class);

    @Test
    void recordsTheOfficialStatesOfEveryFirstAttention() {
        try (GoldenCase golden = TinyGoldens.open("referencenet_tiny"); NDManager m = NDManager.newBaseManager()) {
            UNetConfig config = TinyGoldens.config(golden);
            try (ReferenceNet net = ReferenceNet.load(config, golden.weights(), m, DataType.FLOAT32,
                    AttentionOptions.defaults(config.upcastAttention()));
                    ReferenceStates states = net.forward(m, golden.array("input.sample", m),
                            golden.array("input.encoder_hidden_states", m))) {
                assertEquals(ReferenceStates.keysFor(config), states.keys());
                for (String key : states.keys()) {
                    String name = "output.states." + key;
                    NDArray actual = states.get(key);
                    assertArrayEquals(golden.info(name).shape(), actual.getShape().getShape(), key);
                    Comparison all = TinyGoldens.compare(actual, golden.floats(name));
                    // Row 0 is the null conditioning (zero latents and token), the most
                    // ill-conditioned input (README §9.4): reported on its own.
                    NDArray expected = golden.array(name, m);
                    Comparison row0 = TinyGoldens.compare(actual.get(new NDIndex("0:1")),
                            expected.get(new NDIndex("0:1")).toFloatArray());
                    Comparison row1 = TinyGoldens.compare(actual.get(new NDIndex("1:")),
                            expected.get(new NDIndex("1:")).toFloatArray());
                    LOG.info("referencenet_tiny {}: row 0 {} | row 1 {}", key, row0.summary(), row1.summary());
                    assertTrue(all.passed(), key + ": " + all.summary());
                }
            }
        }
    }

    @Test
    void fullSizeParametersEqualThePublishedManifestIncludingTheSkippedTail() {
        List<ParameterSpec> specs = ReferenceNet.expectedParameters(UNetConfig.stableDiffusion21());
        assertEquals(ParameterManifests.read("referencenet_sd21_face_anon_keys"), ParameterManifests.of(specs));
        Set<String> used = new TreeSet<>();
        Set<String> unused = new TreeSet<>();
        specs.forEach(p -> (p.unused() ? unused : used).add(p.key()));
        // Needed up to up_blocks.3.attentions.0.transformer_blocks.0.norm1: the resnet before it, the
        // transformer's group norm and proj_in, and that layer norm.
        String last = "up_blocks.3.attentions.0.";
        assertEquals(Set.of(last + "norm.weight", last + "norm.bias", last + "proj_in.weight", last + "proj_in.bias",
                last + "transformer_blocks.0.norm1.weight", last + "transformer_blocks.0.norm1.bias"),
                used.stream().filter(k -> k.startsWith(last)).collect(Collectors.toSet()));
        assertTrue(used.stream().anyMatch(k -> k.startsWith("up_blocks.3.resnets.0.")));
        for (String key : unused) {
            assertTrue(key.startsWith("conv_norm_out.") || key.startsWith("conv_out.")
                    || (key.startsWith("up_blocks.3.") && !key.startsWith("up_blocks.3.resnets.0.")), key);
        }
        assertTrue(unused.contains("conv_out.weight") && unused.contains("up_blocks.3.attentions.2.proj_out.bias")
                && unused.contains(last + "transformer_blocks.0.attn1.to_q.weight")
                && unused.contains(last + "proj_out.weight") && unused.contains("up_blocks.3.resnets.2.conv1.weight"));
    }

    @Test
    void neverLoadsTheSkippedTail() {
        try (GoldenCase golden = TinyGoldens.open("referencenet_tiny"); NDManager m = NDManager.newBaseManager()) {
            UNetConfig config = TinyGoldens.config(golden);
            Set<String> tail = ReferenceNet.expectedParameters(config).stream().filter(ParameterSpec::unused)
                    .map(ParameterSpec::key).collect(Collectors.toSet());
            EditedTensorSource stripped = new EditedTensorSource(golden.weights()).remove(tail::contains);
            try (ReferenceNet full = ReferenceNet.load(config, golden.weights(), m, DataType.FLOAT32,
                    AttentionOptions.defaults(true))) {
                int whole = m.getManagedArrays().size();
                try (ReferenceNet truncated = ReferenceNet.load(config, stripped, m, DataType.FLOAT32,
                        AttentionOptions.defaults(true))) {
                    assertEquals(2 * whole, m.getManagedArrays().size(), "both load the same tensors");
                    NDArray sample = golden.array("input.sample", m);
                    NDArray enc = golden.array("input.encoder_hidden_states", m);
                    try (ReferenceStates a = full.forward(m, sample, enc);
                            ReferenceStates b = truncated.forward(m, sample, enc)) {
                        for (String key : a.keys()) {
                            assertArrayEquals(a.get(key).toFloatArray(), b.get(key).toFloatArray(), key);
                        }
                    }
                }
            }
        }
    }

    @Test
    void repeatedPassesLeaveNoArraysBehind() {
        try (GoldenCase golden = TinyGoldens.open("referencenet_tiny"); NDManager models = NDManager.newBaseManager();
                NDManager caller = NDManager.newBaseManager()) {
            try (ReferenceNet net = ReferenceNet.load(TinyGoldens.config(golden), golden.weights(), models,
                    DataType.FLOAT32, AttentionOptions.defaults(true))) {
                NDArray sample = golden.array("input.sample", caller);
                NDArray enc = golden.array("input.encoder_hidden_states", caller);
                net.forward(caller, sample, enc).close();
                int callerArrays = caller.getManagedArrays().size();
                int modelArrays = models.getManagedArrays().size();
                for (int i = 0; i < 20; i++) {
                    try (ReferenceStates states = net.forward(caller, sample, enc)) {
                        assertEquals(callerArrays + states.keys().size(), caller.getManagedArrays().size());
                    }
                }
                assertEquals(callerArrays, caller.getManagedArrays().size());
                assertEquals(modelArrays, models.getManagedArrays().size());
            }
            assertEquals(0, models.getManagedArrays().size());
        }
    }

    /**
     * Stopping early must not change a state: each equals the self-attention input recorded during
     * a whole UNet pass (every block, conv_out included) with the same weights at timestep 0. Checked
     * for the golden topology (stop in up_blocks.3) and two others: the last attention in
     * up_blocks.2, and none in the up path (stop in the mid block); and for latents that are
     * non-square (16x8, tokens row-major) or not a multiple of 8 (12x10: upsampling to the skip's
     * size, 2x2 to 3x3 to 6x5).
     */
    @Test
    void stoppingEarlyLeavesEveryStateAsAWholePassRecordsIt() {
        List<String> goldenDown = List.of("CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D",
                "DownBlock2D");
        List<String> goldenUp = List.of("UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D");
        checkAgainstWholePass(goldenDown, goldenUp, 16, 16);
        checkAgainstWholePass(goldenDown, goldenUp, 16, 8);
        checkAgainstWholePass(goldenDown, goldenUp, 12, 10);
        checkAgainstWholePass(List.of("DownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D", "DownBlock2D"),
                List.of("UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D"), 16, 16);
        checkAgainstWholePass(List.of("CrossAttnDownBlock2D", "DownBlock2D", "DownBlock2D", "DownBlock2D"),
                List.of("UpBlock2D", "UpBlock2D", "UpBlock2D", "UpBlock2D"), 16, 16);
    }

    private static void checkAgainstWholePass(List<String> down, List<String> up, int height, int width) {
        try (GoldenCase golden = TinyGoldens.open("referencenet_tiny"); NDManager m = NDManager.newBaseManager()) {
            JsonObject json = golden.config().orElseThrow().deepCopy();
            json.add("down_block_types", new Gson().toJsonTree(down));
            json.add("up_block_types", new Gson().toJsonTree(up));
            UNetConfig config = UNetConfig.fromJson(json, Path.of("test"));
            // Same resnet shapes whatever the block types; only the attentions of blocks that lost
            // theirs must go.
            EditedTensorSource weights = new EditedTensorSource(golden.weights()).remove(key -> {
                String[] parts = key.split("\\.");
                boolean attention = parts.length > 2 && parts[2].equals("attentions");
                return attention && (parts[0].equals("down_blocks") && !down.get(Integer.parseInt(parts[1]))
                        .startsWith("CrossAttn") || parts[0].equals("up_blocks")
                        && !up.get(Integer.parseInt(parts[1])).startsWith("CrossAttn"));
            });
            NDArray sample = golden.array("input.sample", m).get(":, :, :{}, :{}", height, width);
            NDArray enc = golden.array("input.encoder_hidden_states", m);
            Map<String, float[]> whole = new LinkedHashMap<>();
            try (UNet2DConditionModel unet = UNet2DConditionModel.load(config, weights, m, DataType.FLOAT32,
                    AttentionOptions.defaults(true))) {
                unet.forward(m, sample, 0, enc, new ReferenceAttention() {
                    @Override
                    public ReferenceKeyValues keyValues(String attentionPath) {
                        return null;
                    }

                    @Override
                    public void selfAttentionInput(String attentionPath, NDArray norm1Output) {
                        whole.put(attentionPath, norm1Output.toFloatArray());
                    }
                }, (name, value) -> { });
            }
            try (ReferenceNet net = ReferenceNet.load(config, weights, m, DataType.FLOAT32,
                    AttentionOptions.defaults(true));
                    ReferenceStates states = net.forward(m, sample, enc)) {
                assertEquals(ReferenceStates.keysFor(config), states.keys());
                for (String key : states.keys()) {
                    assertArrayEquals(whole.get(key), states.get(key).toFloatArray(),
                            key + " for " + up + " at " + height + "x" + width);
                }
            }
        }
    }
}
