package dev.faceanon.bench;

import ai.djl.pytorch.jni.JniUtils;
import dev.faceanon.bench.profile.OpProfile;
import dev.faceanon.bench.profile.ProfileTrace;
import dev.faceanon.djl.nn.AttentionKernel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a denoising step's time goes, per operation kind ({@link dev.faceanon.bench.profile.OpKind}):
 * runs one step of {@link DenoiserStep} to warm up, times one step, then records one more with
 * libtorch's profiler (argument shapes on) and prints the time, calls and work of each kind as a
 * Markdown table, against the wall time of the profiled step.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.faceanon.bench.StepProfile [fused|materialised]
 * [SD21|TINY] [TRACE.json]}; the trace (chrome format) stays for a closer look.
 */
public final class StepProfile {

    private StepProfile() {}

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
            OpProfile profile = OpProfile.of(ProfileTrace.read(trace).outermost(), model.config().normNumGroups());
            System.out.printf(Locale.ROOT, "%s step, %s attention: %.2f s unprofiled, %.2f s profiled; trace %s%n%n",
                    model, kernel.name().toLowerCase(Locale.ROOT), plainMicros / 1e6, profiledMicros / 1e6, trace);
            System.out.print(profile.table(profiledMicros));
            System.out.printf(Locale.ROOT, "%nstep: %.1f GFLOP in products, %.1f GFLOP/s over the unprofiled step%n",
                    profile.totalFlops() / 1e9, profile.totalFlops() / plainMicros / 1e3);
        }
    }
}
