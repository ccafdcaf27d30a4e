package dev.faceanon.bench.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The profile of a hand-written trace: nesting, classification and work of each operator. */
class OpProfileTest {
    /**
     * A stride-2 convolution (its output size read from the next operator), the GroupNorm that
     * follows it (layer norm over 32 groups, affine with [1, C, 1, 1]), a linear layer as libtorch
     * records DJL's (matmul with wᵀ, in-place bias add), a fused attention call with its nested
     * kernel, a linear layer as the library runs it on the CPU (a 1×1 convolution over a one-pixel-wide
 * image), a transformer layer norm, a residual add, a concatenation and a view.
     */
    private static final String TRACE = """
            [
            {"name": "aten::conv2d", "ph": "X", "ts": 0, "dur": 100, "tid": 1,
             "shape": [[2, 64, 32, 32], [128, 64, 3, 3], [128], [], [], [], []]},
            {"name": "aten::mkldnn_convolution", "ph": "X", "ts": 10, "dur": 80, "tid": 1,
             "shape": [[2, 64, 32, 32], [128, 64, 3, 3], [128], [], [], [], []]},
            {"name": "aten::reshape", "ph": "X", "ts": 101, "dur": 1, "tid": 1, "shape": [[2, 128, 16, 16], []]},
            {"name": "aten::layer_norm", "ph": "X", "ts": 110, "dur": 20, "tid": 1,
             "shape": [[2, 32, 1024], [], [1024], [1024], [], []]},
            {"name": "aten::mul", "ph": "X", "ts": 130, "dur": 5, "tid": 1, "shape": [[2, 128, 16, 16], [1, 128, 1, 1]]},
            {"name": "aten::add_", "ph": "X", "ts": 135, "dur": 5, "tid": 1,
             "shape": [[2, 128, 16, 16], [1, 128, 1, 1], []]},
            {"name": "aten::matmul", "ph": "X", "ts": 200, "dur": 40, "tid": 1, "shape": [[2, 256, 128], [128, 64]]},
            {"name": "aten::add_", "ph": "X", "ts": 240, "dur": 2, "tid": 1, "shape": [[2, 256, 64], [64], []]},
            {"name": "aten::conv2d", "ph": "X", "ts": 250, "dur": 30, "tid": 1,
             "shape": [[1, 64, 512, 1], [128, 64, 1, 1], [128], [], [], [], []]},
            {"name": "forward", "ph": "X", "ts": 300, "dur": 50, "tid": 1,
             "shape": [[], [2, 2, 256, 32], [2, 2, 768, 32], [2, 2, 768, 32]]},
            {"name": "aten::scaled_dot_product_attention", "ph": "X", "ts": 301, "dur": 48, "tid": 1,
             "shape": [[2, 2, 256, 32], [2, 2, 768, 32], [2, 2, 768, 32], [], [], [], [], []]},
            {"name": "aten::layer_norm", "ph": "X", "ts": 360, "dur": 3, "tid": 1,
             "shape": [[2, 256, 64], [], [64], [64], [], []]},
            {"name": "aten::add", "ph": "X", "ts": 370, "dur": 2, "tid": 1, "shape": [[2, 256, 64], [2, 256, 64], []]},
            {"name": "aten::cat", "ph": "X", "ts": 380, "dur": 4, "tid": 1, "shape": [[], []]},
            {"name": "aten::t", "ph": "X", "ts": 390, "dur": 1, "tid": 1, "shape": [[64, 128]]},
            {"name": "forward", "ph": "X", "ts": 400, "dur": 60, "tid": 1,
             "shape": [[], [2, 128, 16, 16], [64, 128, 3, 3], [64], [], []]},
            {"name": "aten::mkldnn_convolution", "ph": "X", "ts": 401, "dur": 58, "tid": 1,
             "shape": [[2, 128, 16, 16], [64, 128, 3, 3], [64], [], [], [], []]},
            {"name": "aten::silu", "ph": "X", "ts": 470, "dur": 1, "tid": 1, "shape": [[2, 64, 8, 8]]},
            {"name": "aten::empty", "ph": "X", "ts": 5, "dur": 1, "tid": 2, "shape": []},
            {"name": "Process", "ph": "M", "ts": 0, "tid": 1}
            ]
            """;

    @Test
    void keepsOnlyTheOutermostCallOfEachNest() {
        ProfileTrace trace = ProfileTrace.of(JsonParser.parseString(TRACE));
        assertEquals(19, trace.events().size());
        List<String> names = trace.outermost().stream().map(TraceEvent::name).toList();
        assertEquals(List.of("aten::conv2d", "aten::empty", "aten::reshape", "aten::layer_norm", "aten::mul",
                "aten::add_", "aten::matmul", "aten::add_", "aten::conv2d", "forward", "aten::layer_norm", "aten::add", "aten::cat",
                "aten::t", "forward", "aten::silu"), names);
    }

    @Test
    void classifiesAndCountsWorkPerKind() {
        OpProfile p = OpProfile.of(ProfileTrace.of(JsonParser.parseString(TRACE)).outermost(), 32);
        // libtorch's convolution and the library's prepacked one (a TorchScript forward whose third argument is a
        // bias), both of stride 2: their consumers show 16×16 and 8×8 outputs. 2·N·O·C·k·k·H'·W'.
        assertEquals(100 + 60, p.micros(OpKind.CONVOLUTION));
        assertEquals(2, p.calls(OpKind.CONVOLUTION));
        assertEquals(2.0 * 2 * 128 * 64 * 9 * 256 + 2.0 * 2 * 64 * 128 * 9 * 64, p.flops(OpKind.CONVOLUTION));
        assertEquals(30, p.micros(OpKind.GROUP_NORM));
        assertEquals(3, p.calls(OpKind.GROUP_NORM));
        assertEquals(42 + 30, p.micros(OpKind.LINEAR));
        assertEquals(2.0 * 2 * 256 * 128 * 64 + 2.0 * 512 * 64 * 128, p.flops(OpKind.LINEAR));
        assertEquals(50, p.micros(OpKind.ATTENTION));
        // q·kᵀ and p·v: 2·B·h·L·S·(d + d).
        assertEquals(2.0 * 2 * 2 * 256 * 768 * 64, p.flops(OpKind.ATTENTION));
        assertEquals(3, p.micros(OpKind.LAYER_NORM));
        assertEquals(2 + 1, p.micros(OpKind.ELEMENTWISE));
        // A reshape counts as a copy (it is one when the input cannot be viewed; a view takes no time).
        assertEquals(4 + 1, p.micros(OpKind.DATA_MOVEMENT));
        assertEquals(1 + 1, p.micros(OpKind.OTHER), "empty on another thread, t");
        assertEquals(100 + 30 + 42 + 30 + 50 + 3 + 2 + 5 + 2 + 60 + 1, p.totalMicros());
    }
}
