package dev.faceanon.parity;

import dev.faceanon.parity.golden.Tolerance;

/**
 * The tolerances golden comparisons use, with their justification (also in docs/parity.md). The
 * reference ran float32 on Debian's torch 1.13 with netlib BLAS; this library runs float32 on
 * libtorch 2.7.1 with MKL/oneDNN kernels, which sum in a different order. The golden README §7
 * measured the reference's own spread (float32 vs float64, and channels-last vs contiguous kernels);
 * each tolerance below allows roughly 20-100 times that spread, while a single wrong operation (a
 * mis-scaled score, a swapped head, a missing bias, a wrong eps) moves values by 1e-2 or more.
 */
public final class ParityTolerances {

    /**
     * Network outputs and intermediate states in float32 (UNet, ReferenceNet, VAE, CLIP): the
     * reference's spread is at most 1e-5 (ReferenceNet null row, channels-last) and typically 1e-6.
     */
    public static final Tolerance MODEL_FP32 = new Tolerance(1e-4, 1e-4);

    /**
     * Noise-schedule tables (betas, ᾱ): computed with torch's own float32 operation sequence and
     * bit-identical here; a libtorch build with another vector width would differ by about an ulp.
     */
    public static final Tolerance SCHEDULE_TABLE = new Tolerance(1e-7, 0);

    /**
     * Sampler loops on values up to about 2.7: the reference's float32-vs-float64 spread is 1.1e-6,
     * and the step coefficients here are double where diffusers has float32 0-dim tensors (≈1e-7).
     */
    public static final Tolerance SAMPLER_LOOP = new Tolerance(1e-5, 0);

    /**
     * Pipeline latents and traces (golden README §7: {@code |a−b| ≤ 1e-3·max(1,|b|)}, here in the
     * slightly looser affine form): errors of the networks accumulate over the denoising loop, and
     * the reference's float32-vs-float64 spread of the decoder input (|v| ≈ 20) is 6e-5.
     */
    public static final Tolerance PIPELINE_LATENTS = new Tolerance(1e-3, 1e-3);

    /** The decoded image in [0, 1] before quantisation: reference spread 5.2e-6; README check 5e-4. */
    public static final Tolerance PIPELINE_IMAGE_FLOAT = new Tolerance(5e-4, 0);

    /**
     * The uint8 output: within one grey level everywhere (a float difference of 1e-6 can flip a
     * rounding tie), and fewer than 1% of values differing at all, checked separately.
     */
    public static final Tolerance PIPELINE_IMAGE_U8 = new Tolerance(1, 0);

    /** Fraction of the uint8 output's values allowed to differ at all (each by at most one level). */
    public static final double PIPELINE_IMAGE_U8_MAX_DIFFERING_FRACTION = 0.01;

    /**
     * Alignment matrices, linear part (golden README §7: rtol 1e-5): the official matrix is
     * reproduced bit for bit (the same float32/float64 operation sequence as numpy and OpenCV), so
     * this only guards against a platform whose libm or JIT differs in the last bit; feeding float64
     * instead of float32 landmarks already moves entries by 1e-7 relative, a wrong padding or shift by
     * 1e-2. The small absolute part covers entries near zero (unrotated faces).
     */
    public static final Tolerance ALIGNMENT_MATRIX_LINEAR = new Tolerance(1e-6, 1e-5);

    /** Alignment matrices, translation (golden README §7: atol 1e-3 pixels), see the linear part. */
    public static final Tolerance ALIGNMENT_MATRIX_TRANSLATION = new Tolerance(1e-3, 0);

    /**
     * Aligned crops and pastes: the warps repeat OpenCV's fixed-point arithmetic and match to the
     * byte. One grey level at a few values is allowed because a matrix differing in its last bit
     * (see above) can flip OpenCV's rounding of a source position to 1/1024 pixel, which moves a
     * bilinear weight by 1/32 at that pixel.
     */
    public static final Tolerance ALIGNMENT_PIXELS = new Tolerance(1, 0);

    /** Fraction of crop or paste values allowed to differ at all (each by at most one level). */
    public static final double ALIGNMENT_MAX_DIFFERING_FRACTION = 1e-3;

    private ParityTolerances() {}
}
