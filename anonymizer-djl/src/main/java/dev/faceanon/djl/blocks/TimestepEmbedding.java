package dev.faceanon.djl.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.faceanon.djl.nn.Activations;
import dev.faceanon.djl.nn.Linear;
import dev.faceanon.djl.nn.Weights;

/**
 * diffusers' {@code Timesteps} (sinusoidal projection) followed by {@code TimestepEmbedding}
 * ({@code linear_1}, SiLU, {@code linear_2}).
 *
 * <p>The sinusoid is computed with engine ops in float32 in the same order as diffusers
 * ({@code exp(-ln(10000)·k/(half − shift))}, times t, then sin/cos): at t ≈ 1000 an ulp of
 * difference in a frequency moves the sine by ~1e-4, which is the whole parity budget, so the
 * frequencies must come from the same float32 kernels, not from Java doubles.
 */
public final class TimestepEmbedding {
    private final int projectionDim;
    private final boolean flipSinToCos;
    private final double freqShift;
    private final Linear linear1;
    private final Linear linear2;

    /**
     * @param w weights at {@code time_embedding}
     * @param projectionDim width of the sinusoid ({@code block_out_channels[0]})
     * @param embeddingDim output width ({@code 4·block_out_channels[0]})
     * @param flipSinToCos order [cos, sin] instead of [sin, cos]
     * @param freqShift diffusers' {@code downscale_freq_shift}
     */
    public TimestepEmbedding(Weights w, int projectionDim, long embeddingDim, boolean flipSinToCos, double freqShift) {
        if (projectionDim % 2 != 0) {
            throw new IllegalArgumentException("odd timestep projection width " + projectionDim + " is not supported");
        }
        this.projectionDim = projectionDim;
        this.flipSinToCos = flipSinToCos;
        this.freqShift = freqShift;
        linear1 = new Linear(w.at("linear_1"), projectionDim, embeddingDim, true);
        linear2 = new Linear(w.at("linear_2"), embeddingDim, embeddingDim, true);
    }

    /**
     * The sinusoidal projection alone (diffusers' {@code time_proj}).
     *
     * @param manager owner of the result
     * @param timestep the timestep, broadcast to the batch
     * @param batch batch size
     * @return [batch, projectionDim] float32
     */
    public NDArray project(NDManager manager, long timestep, long batch) {
        int half = projectionDim / 2;
        NDArray k = manager.arange(0, half, 1, DataType.FLOAT32);
        NDArray exponent = k.mul((float) -Math.log(10000)).div((float) (half - freqShift));
        NDArray freqs = exponent.exp();
        // diffusers: timesteps[:, None].float() * emb[None, :]; exact for any int timestep below 2^24.
        NDArray t = manager.full(new Shape(batch, 1), (float) timestep, DataType.FLOAT32);
        NDArray args = t.mul(freqs.reshape(1, half));
        NDArray sin = args.sin();
        NDArray cos = args.cos();
        return flipSinToCos ? cos.concat(sin, 1) : sin.concat(cos, 1);
    }

    /**
     * @param manager owner of the result
     * @param timestep the timestep, broadcast to the batch
     * @param batch batch size
     * @param dtype activation type
     * @return [batch, embeddingDim]
     */
    public NDArray forward(NDManager manager, long timestep, long batch, DataType dtype) {
        NDArray proj = project(manager, timestep, batch).toType(dtype, false);
        return linear2.forward(Activations.silu(linear1.forward(proj)));
    }
}
