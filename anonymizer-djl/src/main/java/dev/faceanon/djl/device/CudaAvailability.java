package dev.faceanon.djl.device;

import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;

/** What the engine can use: whether its natives were built with CUDA, and how many GPUs it sees. */
public interface CudaAvailability {

    /** @return true if the engine's native library has CUDA support */
    boolean engineHasCuda();

    /** @return the number of GPUs the engine sees */
    int gpuCount();

    /** @return the answer of DJL's PyTorch engine in this process */
    static CudaAvailability pytorchEngine() {
        return new CudaAvailability() {
            @Override
            public boolean engineHasCuda() {
                return Engine.getEngine("PyTorch").hasCapability(StandardCapabilities.CUDA);
            }

            @Override
            public int gpuCount() {
                return Engine.getEngine("PyTorch").getGpuCount();
            }
        };
    }

    /**
     * @param hasCuda whether the engine has CUDA natives
     * @param gpus the GPU count
     * @return a fixed answer (for tests and for callers that know better)
     */
    static CudaAvailability of(boolean hasCuda, int gpus) {
        return new CudaAvailability() {
            @Override
            public boolean engineHasCuda() {
                return hasCuda;
            }

            @Override
            public int gpuCount() {
                return gpus;
            }
        };
    }
}
