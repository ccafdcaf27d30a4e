package dev.faceanon.bench;

import ai.djl.pytorch.jni.JniUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.faceanon.bench.profile.OpKind;
import dev.faceanon.bench.profile.OpProfile;
import dev.faceanon.bench.profile.ProfileTrace;
import dev.faceanon.bench.profile.TraceEvent;
import dev.faceanon.djl.nn.AttentionKernel;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.djl.nn.DotProductAttention;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Where a denoising step's time goes, per operation kind ({@link dev.faceanon.bench.profile.OpKind}):
 * runs one step of {@link DenoiserStep} to warm up, times one step, then records one more with
 * libtorch's profiler (argument shapes on) and prints the time, calls and work of each kind as a
 * Markdown table, against the wall time of the profiled step. With the fused kernel it then replays the step's
 * attention calls without the profiler (see {@link #replayAttention}).
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.faceanon.bench.StepProfile [fused|materialised]
 * [SD21|TINY] [TRACE.json]}; the trace (chrome format) stays for a closer look.
 */
public final class StepProfile {

    private StepProfile() {}

    /**
     * Times the step's fused attention calls again without the profiler, on random inputs of the recorded shapes, and
     * prints their total (the second of two rounds: the first warms the operators up). The profiler records every operator inside the tiled attention's TorchScript loop (about a
     * thousand small ones per call at 64×64), which inflates that kind's time several-fold; the other kinds are single
     * operators and keep their times.
     */
    private static void replayAttention(List<TraceEvent> outermost, int groups, double plainMicros) {
        List<TraceEvent> calls = outermost.stream()
                .filter(e -> OpKind.of(e, groups) == OpKind.ATTENTION && OpKind.flops(e, 0) > 0).toList();
        AttentionOptions options = AttentionOptions.defaults(true);
        double micros = 0;
        double flops = 0;
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int round = 0; round < 2; round++) {
                micros = 0;
                for (TraceEvent e : calls) {
                    // fused: forward(module, q, k, v, ...), [B, heads, L, d] each
                    int first = e.name().equals("forward") ? 1 : 0;
                    long[] q = e.shape(first);
                    long[] k = e.shape(first + 1);
                    try (NDManager call = manager.newSubManager()) {
                        NDArray qs = call.randomNormal(new Shape(q[0], q[2], q[1] * q[3]));
                        NDArray ks = call.randomNormal(new Shape(k[0], k[2], k[1] * k[3]));
                        NDArray vs = call.randomNormal(new Shape(k[0], k[2], k[1] * k[3]));
                        long start = System.nanoTime();
                        DotProductAttention.attend(qs, ks, vs, (int) q[1], options).getFloat(0, 0, 0);
                        micros += (System.nanoTime() - start) / 1e3;
                    }
                    flops += round == 0 ? OpKind.flops(e, 0) : 0;
                }
            }
        }
        System.out.printf(Locale.ROOT, "attention replayed without the profiler: %d calls, %.2f s, %.1f GFLOP, %.0f GFLOP/s;"
                + " the rest of the unprofiled step: %.2f s%n", calls.size(), micros / 1e6, flops / 1e9,
                flops / micros / 1e3, (plainMicros - micros) / 1e6);
    }

    /**
     * @param args kernel, model, trace file
     * @throws IOException if the trace cannot be written or read
     */
    public static void main(String[] args) throws IOException {
        AttentionKernel kernel = AttentionKernel.parse(args.length > 0 ? args[0] : "fused");
        BenchmarkModels model = BenchmarkModels.valueOf(args.length > 1 ? args[1] : "SD21");
        Path trace = Path.of(args.length > 2 ? args[2] : "benchmarks/target/profile/step-" + kernel.name()
                .toLowerCase(Locale.ROOT) + ".json").toAbsolutePath();
        Files.createDirectories(trace.getParent());
        try (DenoiserStep step = new DenoiserStep(model, kernel)) {
            step.run();
            long start = System.nanoTime();
            step.run();
            double plainMicros = (System.nanoTime() - start) / 1e3;
            JniUtils.startProfile(false, true, false);
            start = System.nanoTime();
            step.run();
            double profiledMicros = (System.nanoTime() - start) / 1e3;
            JniUtils.stopProfile(trace.toString());
            List<TraceEvent> outermost = ProfileTrace.read(trace).outermost();
            OpProfile profile = OpProfile.of(outermost, model.config().normNumGroups());
            System.out.printf(Locale.ROOT, "%s step, %s attention: %.2f s unprofiled, %.2f s profiled; trace %s%n%n",
                    model, kernel.name().toLowerCase(Locale.ROOT), plainMicros / 1e6, profiledMicros / 1e6, trace);
            System.out.print(profile.table(profiledMicros));
            System.out.printf(Locale.ROOT, "%nstep: %.1f GFLOP in products, %.1f GFLOP/s over the unprofiled step%n",
                    profile.totalFlops() / 1e9, profile.totalFlops() / plainMicros / 1e3);
            if (kernel == AttentionKernel.FUSED) {
                replayAttention(outermost, model.config().normNumGroups(), plainMicros);
            }
        }
    }
}
