package dev.faceanon.djl.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Convolutions whose filters are reordered once, when a network loads, into oneDNN's own blocked
 * layout, instead of at every call.
 *
 * <p><b>Why.</b> libtorch hands oneDNN a dense {@code [out, in, k, k]} filter and oneDNN reorders it
 * into its blocked layout on every call. Where the image is small and the filter large (the SD-2.1
 * UNet's 16×16 and 8×8 levels: 1280 and 2560 channels, up to 118 MB of filter for 128 output pixels)
 * that reorder costs as much as the product: those convolutions ran at 130-290 GFLOP/s against 450-500
 * at 64×64 (per-call times in {@code StepProfile}'s trace, docs/performance.md). Reordered in advance,
 * the same oneDNN kernel runs on the same numbers (the tests find the outputs equal to float32
 * rounding); the dense filter is freed, so no memory is added once a network is loaded.
 *
 * <p><b>Which filters.</b> Only wide ones ({@link #worthPacking}): in these networks the widest filters
 * are the ones at the smallest images, where the per-call reorder dominates. Where images are large
 * (the VAE at 512×512, S3FD on photos) the reorder is a small part of a call: with every filter
 * packed, the VAE at 512×512 was 3-6 % slower and held 250-330 MiB more (two {@code --full} runs an
 * hour apart, docs/performance.md), probably because oneDNN then reorders the large activations
 * instead.
 *
 * <p><b>How.</b> DJL's JNI has neither {@code mkldnn_reorder_conv2d_weight} nor a convolution that
 * takes oneDNN-layout filters; a two-method TorchScript module of the library's own, written in memory
 * by {@link OperatorArchive} from {@link #SOURCE} (the same way as {@link FusedAttention}), reaches
 * both. Only float32 on the CPU is served (oneDNN is the CPU backend); elsewhere, when
 * {@value #PROPERTY}{@code =dense} is set, or when the module cannot be loaded or fails its
 * self-check (logged once), convolutions take dense filters as before.
 *
 * <p>The module runs its methods in inference mode, so a convolution's output is an inference tensor:
 * it may be read and used as input but not updated in place, which the callers respect.
 */
final class PrepackedConvolution {
    /**
     * System property: {@code prepacked} (the default: wide filters, {@link #worthPacking}), {@code all} (every CPU
     * float32 filter, to test and measure the operator on any network) or {@code dense}.
     */
    static final String PROPERTY = "faceanon.convolution";

    /** The class name; {@code data.pkl} names it as {@code __torch__.PrepackedConvolution}. */
    static final String CLASS_NAME = "PrepackedConvolution";

    /** The archive's root folder. */
    static final String ROOT = "prepacked_convolution/";

    /**
     * {@code pack}: a dense float32 filter to oneDNN's layout for this stride and padding (dilation 1,
     * one group, as every convolution of the networks); {@code forward}: the convolution with such a
     * filter. The indentation and annotations are those {@code torch.jit.save} prints.
     */
    static final String SOURCE = """
            class PrepackedConvolution(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def forward(self: __torch__.PrepackedConvolution,
                input: Tensor,
                weight: Tensor,
                bias: Tensor,
                stride: List[int],
                padding: List[int]) -> Tensor:
                return torch.mkldnn_convolution(input, weight, bias, padding, stride, [1, 1], 1)
              def pack(self: __torch__.PrepackedConvolution,
                weight: Tensor,
                stride: List[int],
                padding: List[int]) -> Tensor:
                return torch.mkldnn_reorder_conv2d_weight(torch.to_mkldnn(weight), padding, stride, [1, 1], 1)
            """;

    private static final Logger LOG = LoggerFactory.getLogger(PrepackedConvolution.class);
    private static final ConcurrentMap<Device, Optional<PrepackedConvolution>> BY_DEVICE = new ConcurrentHashMap<>();
    /** The self-check compares with the dense path, which runs the same kernel: only rounding may differ. */
    private static final float SELF_CHECK_TOLERANCE = 1e-5f;

    /**
     * Fewest {@code in·out} channels of a filter worth packing: 640·1280, the SD-2.1 UNet's two lowest
     * levels (16×16 and 8×8 latents at 512×512), where dense filters ran at 130-290 GFLOP/s against
     * 450-500 at the 64×64 and 32×32 levels; the VAE's widest filter (512·512) stays dense.
     */
    static final long MIN_CHANNEL_PRODUCT = 640L * 1280L;

    private final PtSymbolBlock module;

    private PrepackedConvolution(PtSymbolBlock module) {
        this.module = module;
    }

    /**
     * @param in input channels of a filter
     * @param out output channels
     * @return whether it is wide enough to be packed ({@link #MIN_CHANNEL_PRODUCT})
     */
    static boolean worthPacking(long in, long out) {
        return in * out >= MIN_CHANNEL_PRODUCT || mode().equals("all");
    }

    /** @return the archive, generated anew on each call */
    static byte[] archive() {
        return OperatorArchive.bytes(ROOT, CLASS_NAME, SOURCE);
    }

    /**
     * @param filter a convolution filter [out, in, k, k]
     * @return the operator for it, loaded on first use; empty where filters stay dense
     */
    static Optional<PrepackedConvolution> forFilter(NDArray filter) {
        if (filter == null || filter.getDataType() != DataType.FLOAT32
                || !Device.Type.CPU.equals(filter.getDevice().getDeviceType()) || !enabled()) {
            return Optional.empty();
        }
        return BY_DEVICE.computeIfAbsent(filter.getDevice(), PrepackedConvolution::load);
    }

    private static boolean enabled() {
        return !mode().equals("dense");
    }

    private static String mode() {
        String value = System.getProperty(PROPERTY, "prepacked").trim().toLowerCase(Locale.ROOT);
        if (!value.equals("prepacked") && !value.equals("all") && !value.equals("dense")) {
            throw new IllegalArgumentException("-D" + PROPERTY + " must be prepacked, all or dense, got '" + value
                    + "'");
        }
        return value;
    }

    private static Optional<PrepackedConvolution> load(Device device) {
        Optional<PrepackedConvolution> op = OperatorLoader.load(device, archive(), PrepackedConvolution::new,
                PrepackedConvolution::selfCheck, e -> LOG.warn("Convolution filters cannot be reordered for oneDNN on"
                        + " {} ({}: {}); convolutions take dense filters, which is slower at small images. To choose"
                        + " that explicitly, set -D{}=dense.", device, e.getClass().getSimpleName(), e.getMessage(),
                        PROPERTY));
        op.ifPresent(o -> LOG.debug("prepacked oneDNN convolutions on {}", device));
        return op;
    }

    /**
     * A 3×3 convolution with stride 2 and padding 1 of a 5×5 image, 3 → 4 channels, against the dense
     * path: a module that ran but ordered, padded or strided differently fails it.
     */
    private void selfCheck(NDManager manager) {
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.arange(75f).reshape(1, 3, 5, 5).div(75f);
            NDArray w = m.arange(108f).reshape(4, 3, 3, 3).sub(54f).div(108f);
            NDArray b = m.create(new float[] {0.5f, -0.25f, 0f, 1f});
            Shape two = new Shape(2, 2);
            Shape one = new Shape(1, 1);
            NDArray expected = JniUtils.convolution((PtNDArray) x, (PtNDArray) w, (PtNDArray) b, two, one, one, 1);
            NDArray actual = convolve(x, pack(w, 2, 1), b, 2, 1);
            if (!actual.getShape().equals(expected.getShape())) {
                throw new IllegalStateException("self-check gave shape " + actual.getShape() + " instead of "
                        + expected.getShape());
            }
            float worst = actual.sub(expected).abs().max().getFloat();
            if (!(worst <= SELF_CHECK_TOLERANCE)) {
                throw new IllegalStateException("self-check differs from the dense convolution by " + worst);
            }
        }
    }

    /**
     * @param filter a dense float32 filter [out, in, k, k] on the CPU
     * @param stride the stride the filter will be used with
     * @param padding the padding it will be used with
     * @return the filter in oneDNN's layout (an opaque tensor: only {@link #convolve} may read it), attached to
     *     {@code filter}'s manager
     */
    NDArray pack(NDArray filter, long stride, long padding) {
        try (IValue w = IValue.from((PtNDArray) filter);
                IValue s = IValue.listFrom(stride, stride);
                IValue p = IValue.listFrom(padding, padding);
                IValue out = IValueUtils.runMethod(module, "pack", w, s, p)) {
            return out.toTensor((PtNDManager) filter.getManager());
        }
    }

    /**
     * @param x input [N, in, H, W], float32
     * @param packed a filter from {@link #pack} for this stride and padding
     * @param bias [out]
     * @param stride stride
     * @param padding zero padding on each side
     * @return output [N, out, H', W'], attached to {@code x}'s manager
     */
    NDArray convolve(NDArray x, NDArray packed, NDArray bias, long stride, long padding) {
        try (IValue in = IValue.from((PtNDArray) x);
                IValue w = IValue.from((PtNDArray) packed);
                IValue b = IValue.from((PtNDArray) bias);
                IValue s = IValue.listFrom(stride, stride);
                IValue p = IValue.listFrom(padding, padding);
                IValue out = module.forward(in, w, b, s, p)) {
            return out.toTensor((PtNDManager) x.getManager());
        }
    }
}
