package dev.faceanon;

/** Floating-point precision of weights and activations. */
public enum Precision {
    /** float16 on a GPU, float32 on the CPU (CPU float16 kernels are slow or missing). */
    AUTO,
    /** float32 everywhere: parity with the reference, twice the memory of FLOAT16. */
    FLOAT32,
    /** float16 weights and activations; attention scores and softmax stay in float32. */
    FLOAT16
}
