package dev.faceanon.djl.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.faceanon.sampling.SamplingPlan;
import dev.faceanon.sampling.StepCoefficients;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Runs a {@link SamplingPlan} on NDArrays: one {@link #step} per plan step, in order, applying
 * {@code x0 = clamp(ax·x + am·m)} and {@code x_prev = cx·x + cm·m + c0·x0 + cp·x0' + cn·ε} with the
 * step's {@link StepCoefficients}. It keeps the one piece of multistep state, the previous x0
 * prediction, which only DPM-Solver++(2M) reads.
 *
 * <p><b>Precision.</b> The arithmetic runs in float32 (float64 for float64 samples) on the sample's
 * device, whatever the inputs' type, so float16 latents and model outputs are widened for the update
 * and the results narrowed back to the sample's type; the kept x0 stays in the compute type.
 *
 * <p><b>Memory.</b> Intermediates live in a sub-manager of the sample's manager that is closed
 * before {@link #step} returns; results are attached to the sample's manager. The kept x0 lives in
 * a sub-manager of the manager given to the constructor and is released by {@link #close()}.
 * Inputs are never closed or modified, except noise obtained from a supplier, which the step owns
 * and closes.
 *
 * <p><b>Noise.</b> The caller provides the noise, so the random stream is its business (and can
 * be a replayed one): a supplier is called exactly once for each step that
 * {@link StepCoefficients#needsNoise() needs noise} and never otherwise, which keeps a stream in
 * the order diffusers consumes it.
 *
 * <p>Not thread-safe; one stepper per sampling run.
 */
public final class SamplerStepper implements AutoCloseable {

    private final SamplingPlan plan;
    private final NDManager stateManager;
    private NDArray previousX0;
    private int next;
    private boolean closed;

    /**
     * @param plan the plan to run
     * @param manager the manager the multistep state is kept under (a sub-manager of it is created)
     */
    public SamplerStepper(SamplingPlan plan, NDManager manager) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.stateManager = Objects.requireNonNull(manager, "manager").newSubManager();
    }

    /** @return the plan being run */
    public SamplingPlan plan() {
        return plan;
    }

    /** @return true once every step of the plan has been applied */
    public boolean isFinished() {
        return next == plan.size();
    }

    /** @return the index of the next step, from 0; equals the plan size when finished */
    public int stepIndex() {
        return next;
    }

    /**
     * @return the next step's coefficients; its {@link StepCoefficients#timestep()} is where the
     *     model must be evaluated
     * @throws IllegalStateException if finished
     */
    public StepCoefficients current() {
        if (isFinished()) {
            throw new IllegalStateException("all " + plan.size() + " steps of the plan have been applied");
        }
        return plan.step(next);
    }

    /** @return the timestep of the next step (shorthand for {@code current().timestep()}) */
    public int timestep() {
        return current().timestep();
    }

    /**
     * Applies the next step to a step that draws no noise.
     *
     * @param sample x_t
     * @param modelOutput the model output at x_t and {@link #timestep()}
     * @return x_{t−1} and the x0 prediction
     * @throws IllegalStateException if the step needs noise or the stepper is finished or closed
     * @throws IllegalArgumentException if shapes, devices or types do not fit
     */
    public StepResult step(NDArray sample, NDArray modelOutput) {
        if (current().needsNoise()) {
            throw new IllegalStateException("step " + next + " (t=" + timestep() + ") of this " + plan.kind()
                    + " plan needs noise; pass a noise array or supplier");
        }
        return apply(sample, modelOutput, null, false);
    }

    /**
     * Applies the next step with a given noise array, which must be null exactly when the step draws
     * no noise (a mismatch would shift a replayed noise stream).
     *
     * @param sample x_t
     * @param modelOutput the model output at x_t and {@link #timestep()}
     * @param noise standard Gaussian noise of the sample's shape, or null; not closed here
     * @return x_{t−1} and the x0 prediction
     * @throws IllegalStateException if the stepper is finished or closed
     * @throws IllegalArgumentException if the noise is missing or superfluous, or shapes, devices or
     *     types do not fit
     */
    public StepResult step(NDArray sample, NDArray modelOutput, NDArray noise) {
        boolean needed = current().needsNoise();
        if (needed != (noise != null)) {
            throw new IllegalArgumentException("step " + next + " (t=" + timestep() + ") of this " + plan.kind()
                    + " plan " + (needed ? "needs noise but none was given" : "draws no noise but noise was given"));
        }
        return apply(sample, modelOutput, noise, false);
    }

    /**
     * Applies the next step, asking the supplier for noise only if the step draws noise.
     *
     * @param sample x_t
     * @param modelOutput the model output at x_t and {@link #timestep()}
     * @param noise called once if the step needs standard Gaussian noise of the sample's shape; the
     *     array it returns is closed by this method
     * @return x_{t−1} and the x0 prediction
     * @throws IllegalStateException if the stepper is finished or closed
     * @throws IllegalArgumentException if the supplier returns null, or shapes, devices or types do not fit
     */
    public StepResult step(NDArray sample, NDArray modelOutput, Supplier<NDArray> noise) {
        Objects.requireNonNull(noise, "noise");
        StepCoefficients c = current();
        NDArray drawn = null;
        if (c.needsNoise()) {
            drawn = noise.get();
            if (drawn == null) {
                throw new IllegalArgumentException("the noise supplier returned null for step " + next);
            }
        }
        return apply(sample, modelOutput, drawn, true);
    }

    private StepResult apply(NDArray sample, NDArray modelOutput, NDArray noise, boolean ownsNoise) {
        if (closed) {
            if (ownsNoise && noise != null) {
                noise.close();
            }
            throw new IllegalStateException("the sampler stepper is closed");
        }
        StepCoefficients c = current();
        try {
            checkOperands(sample, modelOutput, noise, c);
        } catch (RuntimeException e) {
            if (ownsNoise && noise != null) {
                noise.close();
            }
            throw e;
        }
        DataType outType = sample.getDataType();
        DataType compute = outType == DataType.FLOAT64 ? DataType.FLOAT64 : DataType.FLOAT32;
        NDManager owner = sample.getManager();
        StepResult result;
        NDArray keep = null;
        boolean keepNext = next + 1 < plan.size() && plan.step(next + 1).usesPreviousX0();
        try (NDManager scope = owner.newSubManager()) {
            scope.tempAttachAll(sample);
            if (modelOutput != sample) {
                scope.tempAttachAll(modelOutput);
            }
            if (c.usesPreviousX0()) {
                // Its products must land in this scope, not in the long-lived state manager.
                scope.tempAttachAll(previousX0);
            }
            if (noise != null) {
                if (ownsNoise) {
                    scope.attachAll(noise);
                } else {
                    scope.tempAttachAll(noise);
                }
            }
            NDArray x = sample.toType(compute, false);
            NDArray m = modelOutput.toType(compute, false);
            NDArray x0 = sum(compute, x, c.x0FromSample(), m, c.x0FromModel());
            if (c.clipsX0()) {
                x0 = x0.clip(-c.x0Clip(), c.x0Clip());
            }
            NDArray prev = sum(compute, x, c.prevFromSample(), m, c.prevFromModel());
            addTerm(prev, compute, x0, c.prevFromX0());
            if (c.usesPreviousX0()) {
                addTerm(prev, compute, previousX0.toType(compute, false), c.prevFromPreviousX0());
            }
            if (noise != null) {
                addTerm(prev, compute, noise.toType(compute, false), c.prevFromNoise());
            }
            if (keepNext) {
                keep = x0.duplicate();
                keep.attach(stateManager);
            }
            NDArray prevOut = prev.toType(outType, false);
            NDArray x0Out = x0.toType(outType, false);
            prevOut.attach(owner);
            x0Out.attach(owner);
            result = new StepResult(prevOut, x0Out);
        }
        if (previousX0 != null) {
            previousX0.close();
        }
        previousX0 = keep;
        next++;
        return result;
    }

    /** A fresh array {@code a·u + b·v}, never one of the inputs, so that later in-place adds are safe. */
    private static NDArray sum(DataType compute, NDArray u, double a, NDArray v, double b) {
        NDArray out = u.mul(scalar(compute, a));
        addTerm(out, compute, v, b);
        return out;
    }

    private static void addTerm(NDArray acc, DataType compute, NDArray term, double coefficient) {
        if (coefficient != 0) {
            acc.addi(term.mul(scalar(compute, coefficient)));
        }
    }

    /** The coefficient as the compute type, as diffusers' float32 0-dim coefficient tensors. */
    private static Number scalar(DataType compute, double value) {
        return compute == DataType.FLOAT64 ? (Number) value : (Number) (float) value;
    }

    private void checkOperands(NDArray sample, NDArray modelOutput, NDArray noise, StepCoefficients c) {
        Objects.requireNonNull(sample, "sample");
        Objects.requireNonNull(modelOutput, "modelOutput");
        requireFloating("sample", sample);
        requireFloating("model output", modelOutput);
        requireLike("model output", modelOutput, sample);
        if (noise != null) {
            requireFloating("noise", noise);
            requireLike("noise", noise, sample);
        }
        if (c.usesPreviousX0()) {
            if (previousX0 == null) {
                throw new IllegalStateException("step " + next + " needs the previous x0 prediction, which is missing");
            }
            requireLike("the previous step's sample", previousX0, sample);
        }
    }

    private static void requireFloating(String what, NDArray a) {
        DataType t = a.getDataType();
        if (t != DataType.FLOAT16 && t != DataType.FLOAT32 && t != DataType.FLOAT64) {
            throw new IllegalArgumentException(what + " must be float16, float32 or float64, got " + t);
        }
    }

    private static void requireLike(String what, NDArray a, NDArray sample) {
        if (!a.getShape().equals(sample.getShape())) {
            throw new IllegalArgumentException(what + " has shape " + a.getShape() + " but the sample has "
                    + sample.getShape());
        }
        if (!a.getDevice().equals(sample.getDevice())) {
            throw new IllegalArgumentException(what + " is on " + a.getDevice() + " but the sample is on "
                    + sample.getDevice());
        }
    }

    /** Releases the kept x0 prediction. Results already returned are not affected. */
    @Override
    public void close() {
        closed = true;
        stateManager.close();
        previousX0 = null;
    }
}
