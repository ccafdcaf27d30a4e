package dev.faceanon.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.faceanon.djl.nn.AttentionKernel;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.djl.nn.DotProductAttention;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * The time ratio of the fused to the materialised attention kernel, measured by alternating calls
 * of the two in one JVM: on a machine shared with other work, the load changes over minutes, and
 * JMH times each kernel in its own fork, one after the other, so that a load change between the
 * forks ends up in the ratio. Here each fused call is paired with the materialised call right after
 * it (the order alternates from pair to pair), so that both see the same load; the pairs' ratios
 * and their median are printed.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.faceanon.bench.InterleavedRatio attention|step
 * [PAIRS]}. {@code attention} is {@link AttentionBenchmark}'s call (the 64×64 reference attention),
 * {@code step} a {@link DenoiserStep} of SD-2.1 at 512×512 for each kernel (two UNets with the same
 * random weights: about 8 GB).
 */
public final class InterleavedRatio {

    private InterleavedRatio() {}

    /**
     * @param args the workload and the number of pairs
     */
    public static void main(String[] args) {
        String workload = args.length > 0 ? args[0] : "attention";
        int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        switch (workload) {
            case "attention":
                attention(pairs);
                break;
            case "step":
                step(pairs);
                break;
            default:
                throw new IllegalArgumentException("workload must be attention or step, got " + workload);
        }
    }

    private static void attention(int pairs) {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(5);
            NDArray q = m.randomNormal(new Shape(2, 4096, 320));
            NDArray k = m.randomNormal(new Shape(2, 12288, 320));
            NDArray v = m.randomNormal(new Shape(2, 12288, 320));
            AttentionOptions fused = AttentionOptions.defaults(true);
            AttentionOptions materialised = fused.withKernel(AttentionKernel.MATERIALISED);
            compare("64x64 reference attention", pairs, () -> attend(q, k, v, fused),
                    () -> attend(q, k, v, materialised));
        }
    }

    private static double attend(NDArray q, NDArray k, NDArray v, AttentionOptions options) {
        long start = System.nanoTime();
        NDArray out = DotProductAttention.attend(q, k, v, 5, options);
        out.getFloat(0, 0, 0);
        double ms = (System.nanoTime() - start) / 1e6;
        out.close();
        return ms;
    }

    private static void step(int pairs) {
        try (DenoiserStep fused = new DenoiserStep(BenchmarkModels.SD21, AttentionKernel.FUSED);
                DenoiserStep materialised = new DenoiserStep(BenchmarkModels.SD21, AttentionKernel.MATERIALISED)) {
            compare("SD-2.1 denoising step at 512x512", pairs, () -> timed(fused), () -> timed(materialised));
        }
    }

    private static double timed(DenoiserStep step) {
        long start = System.nanoTime();
        step.run();
        return (System.nanoTime() - start) / 1e6;
    }

    private static void compare(String what, int pairs, DoubleSupplier fused, DoubleSupplier materialised) {
        // One call of each first: loading the operator, oneDNN primitive creation, allocator warm-up.
        fused.getAsDouble();
        materialised.getAsDouble();
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            double f;
            double mat;
            if (i % 2 == 0) {
                f = fused.getAsDouble();
                mat = materialised.getAsDouble();
            } else {
                mat = materialised.getAsDouble();
                f = fused.getAsDouble();
            }
            ratios.add(f / mat);
            System.out.printf(Locale.ROOT, "%s pair %d: fused %.0f ms, materialised %.0f ms, ratio %.3f%n", what, i + 1,
                    f, mat, f / mat);
        }
        double[] sorted = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        System.out.printf(Locale.ROOT, "%s: median ratio fused/materialised %.3f over %d pairs (range %.3f - %.3f)%n",
                what, median, pairs, sorted[0], sorted[sorted.length - 1]);
        System.out.println(Arrays.toString(sorted));
    }
}
