package dev.faceanon.bench.profile;

import java.util.Set;

/**
 * What an outermost libtorch operator of a UNet pass is part of, told from its name and argument
 * shapes, with its floating-point work where it is a product.
 *
 * <p>GroupNorm has no kernel of its own in DJL: the library computes it as a layer norm over the
 * input viewed as [N, groups, C/groups·H·W] and a per-channel affine with [1, C, 1, 1] scale and
 * shift (dev.faceanon.djl.nn.GroupNorm). So a layer norm whose input has {@code groups} rows per
 * sample, and a multiply or add with a [1, C, 1, 1] operand, belong to GroupNorm; the transformers'
 * layer norms run over [B, tokens, C], and their tokens never equal the group count at the sizes
 * profiled here (the time-embedding add has a [B, C, 1, 1] operand, B = 2).
 *
 * <p>The library's linear layers reach libtorch as 1×1 convolutions over a [1, in, rows, 1] image
 * (dev.faceanon.djl.nn.Linear, float32 on the CPU), which no convolution of the networks looks like
 * (their images are wider than one pixel), or as DJL's linear layer, {@code matmul(x, wᵀ)} (or
 * {@code addmm} for 2-D input) followed by an in-place add of the 1-D bias; a product with a 2-D
 * right operand and an add of a 1-D operand are therefore linear layers, a product of two batched
 * operands is the materialised attention. The fused attention is one TorchScript call ({@code forward}, whose first argument is
 * the module itself) around {@code scaled_dot_product_attention}.
 */
public enum OpKind {
    /** 2-D convolutions. */
    CONVOLUTION("convolutions"),
    /** GroupNorm: its layer-norm kernel and per-channel affine. */
    GROUP_NORM("GroupNorm"),
    /** The transformers' LayerNorm. */
    LAYER_NORM("LayerNorm"),
    /** Linear layers (projections, feed-forward, time embedding). */
    LINEAR("linear layers"),
    /** Attention: the fused kernel, or the materialised path's products and softmax. */
    ATTENTION("attention"),
    /** Element-wise arithmetic and activations (residual adds, SiLU, GELU, gating). */
    ELEMENTWISE("element-wise"),
    /** Copies: concatenations, contiguous copies, type casts, padding, upsampling. */
    DATA_MOVEMENT("copies, concatenation, resampling"),
    /** Everything else (allocation, views). */
    OTHER("other");

    /** Names of the convolution operators (the outermost one and the ones it calls). */
    static final Set<String> CONVOLUTIONS_NAMES = Set.of("aten::conv2d", "aten::convolution",
            "aten::_convolution", "aten::mkldnn_convolution");
    private static final Set<String> NORMS = Set.of("aten::layer_norm", "aten::native_layer_norm");
    private static final Set<String> LINEARS = Set.of("aten::linear", "aten::addmm", "aten::mm");
    private static final Set<String> PRODUCTS = Set.of("aten::matmul", "aten::bmm");
    private static final Set<String> ATTENTIONS = Set.of("aten::scaled_dot_product_attention",
            "aten::_scaled_dot_product_flash_attention_for_cpu", "aten::_scaled_dot_product_attention_math",
            "aten::softmax", "aten::_softmax", "forward");
    /** Operations that are a GroupNorm affine or a linear layer's bias by their operand's shape. */
    private static final Set<String> AFFINE = Set.of("aten::mul", "aten::add", "aten::add_", "aten::mul_");
    private static final Set<String> ELEMENTWISE_OPS = Set.of("aten::add", "aten::add_", "aten::sub", "aten::sub_",
            "aten::mul", "aten::mul_", "aten::div", "aten::div_", "aten::silu", "aten::sigmoid", "aten::gelu",
            "aten::neg", "aten::exp", "aten::sqrt", "aten::rsqrt", "aten::cos", "aten::sin", "aten::pow");
    private static final Set<String> MOVES = Set.of("aten::cat", "aten::copy_", "aten::clone", "aten::contiguous",
            "aten::to", "aten::_to_copy", "aten::pad", "aten::constant_pad_nd", "aten::upsample_nearest2d",
            "aten::reshape", "aten::flatten", "aten::index", "aten::slice");

    private final String label;

    OpKind(String label) {
        this.label = label;
    }

    /** @return the name the profile table uses */
    public String label() {
        return label;
    }

    /**
     * @param e an outermost operator call
     * @param groups the networks' GroupNorm group count ({@code norm_num_groups})
     * @return its kind
     */
    public static OpKind of(TraceEvent e, int groups) {
        String n = e.name();
        if (convolutionInput(e) >= 0) {
            return isLinearAsConvolution(e) ? LINEAR : CONVOLUTION;
        }
        if (NORMS.contains(n)) {
            long[] x = e.shape(0);
            return x.length == 3 && x[1] == groups ? GROUP_NORM : LAYER_NORM;
        }
        if (LINEARS.contains(n)) {
            return LINEAR;
        }
        if (PRODUCTS.contains(n)) {
            return e.shape(1).length == 2 ? LINEAR : ATTENTION;
        }
        if (ATTENTIONS.contains(n)) {
            return ATTENTION;
        }
        if (AFFINE.contains(n)) {
            long[] y = e.shape(1);
            if (y.length == 4 && y[0] == 1 && y[2] == 1 && y[3] == 1) {
                return GROUP_NORM;
            }
            if (y.length == 1 && y[0] > 1) {
                return LINEAR;
            }
        }
        if (ELEMENTWISE_OPS.contains(n)) {
            return ELEMENTWISE;
        }
        if (MOVES.contains(n)) {
            return DATA_MOVEMENT;
        }
        return OTHER;
    }

    /**
     * Multiply-adds times two of a product, from the argument shapes.
     *
     * @param e an outermost operator call
     * @param outputPixels for a convolution, output height·width (the shapes of a trace carry no
     *     strides); ignored otherwise
     * @return its FLOP count, 0 for anything but a product
     */
    public static double flops(TraceEvent e, long outputPixels) {
        String n = e.name();
        int c = convolutionInput(e);
        if (c >= 0) {
            long[] x = e.shape(c);
            long[] w = e.shape(c + 1);
            if (x.length != 4 || w.length != 4) {
                return 0;
            }
            return 2.0 * x[0] * w[0] * w[1] * w[2] * w[3] * outputPixels;
        }
        if (n.equals("aten::linear")) {
            long[] x = e.shape(0);
            long[] w = e.shape(1);
            if (x.length == 0 || w.length != 2) {
                return 0;
            }
            return 2.0 * rows(x) * w[0] * w[1];
        }
        if (n.equals("aten::scaled_dot_product_attention") || n.equals("forward")) {
            int first = n.equals("forward") ? 1 : 0;
            long[] q = e.shape(first);
            long[] k = e.shape(first + 1);
            long[] v = e.shape(first + 2);
            if (q.length != 4 || k.length != 4 || v.length != 4) {
                return 0;
            }
            return 2.0 * q[0] * q[1] * q[2] * k[2] * (q[3] + v[3]);
        }
        if (n.equals("aten::addmm")) {
            long[] a = e.shape(1);
            long[] b = e.shape(2);
            return a.length == 2 && b.length == 2 ? 2.0 * a[0] * a[1] * b[1] : 0;
        }
        if (PRODUCTS.contains(n)) {
            long[] a = e.shape(0);
            long[] b = e.shape(1);
            if (a.length < 2 || b.length < 2) {
                return 0;
            }
            return 2.0 * rows(a) * a[a.length - 1] * b[b.length - 1];
        }
        return 0;
    }

    /**
     * @param e an outermost operator call
     * @return the index of the input image among its arguments if it is a convolution: 0 for libtorch's convolution
     *     operators, 1 for the library's prepacked convolution (dev.faceanon.djl.nn.PrepackedConvolution, a
     *     TorchScript call {@code forward(module, input, filter, bias, stride, padding)}, told from the fused
     *     attention's {@code forward(module, q, k, v)} by its one-axis bias); -1 otherwise
     */
    public static int convolutionInput(TraceEvent e) {
        if (CONVOLUTIONS_NAMES.contains(e.name())) {
            return 0;
        }
        boolean prepacked = e.name().equals("forward") && e.shape(1).length == 4 && e.shape(2).length == 4
                && e.shape(3).length == 1;
        return prepacked ? 1 : -1;
    }

    /** A 1×1 convolution over a one-pixel-wide image: how the library runs a linear layer. */
    static boolean isLinearAsConvolution(TraceEvent e) {
        int c = Math.max(0, convolutionInput(e));
        long[] x = e.shape(c);
        long[] w = e.shape(c + 1);
        return x.length == 4 && w.length == 4 && x[3] == 1 && w[2] == 1 && w[3] == 1;
    }

    private static double rows(long[] shape) {
        double r = 1;
        for (int i = 0; i < shape.length - 1; i++) {
            r *= shape[i];
        }
        return r;
    }
}
