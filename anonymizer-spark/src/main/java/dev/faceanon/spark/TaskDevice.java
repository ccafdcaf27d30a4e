package dev.faceanon.spark;

import dev.faceanon.text.UntrustedText;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * The device a task runs the models on, from the job's device policy and what Spark assigned to
 * the task. With Spark's GPU scheduling ({@code spark.executor.resource.gpu.amount},
 * {@code spark.task.resource.gpu.amount}) each task is given GPU addresses; the policy
 * {@value #TASK} runs on the first of them, so that tasks sharing an executor never crowd onto one
 * GPU, and on the CPU when Spark assigned none.
 */
public final class TaskDevice {
    /** The GPU Spark assigned to the task, else the CPU. */
    public static final String TASK = "task";

    /** Spark's name of the GPU resource ({@code spark.task.resource.gpu.amount}). */
    private static final String GPU = "gpu";

    /** The policies {@link #resolve} accepts besides {@value #TASK}: what {@code ModelOptions.device} accepts. */
    private static final Pattern FIXED = Pattern.compile("auto|cpu|gpu|gpu:\\d{1,3}");
    private static final Pattern CUDA_INDEX = Pattern.compile("\\d{1,3}");

    private TaskDevice() {}

    /**
     * @param policy {@value #TASK}, or a fixed device: "cpu", "auto" (a GPU if CUDA is available),
     *     "gpu" or "gpu:N"
     * @throws IllegalArgumentException naming the value if it is none of these
     */
    public static void check(String policy) {
        if (policy == null || !(policy.equals(TASK) || FIXED.matcher(policy).matches())) {
            throw new IllegalArgumentException("devicePolicy must be task, cpu, auto, gpu or gpu:N, got " + policy);
        }
    }

    /**
     * @param policy see {@link #check}
     * @return the device of the running task (outside a task, {@value #TASK} means the CPU)
     */
    public static String resolve(String policy) {
        TaskContext task = TaskContext.get();
        return resolve(policy, task == null ? Map.of() : task.resourcesJMap());
    }

    /**
     * @param policy see {@link #check}
     * @param resources the resources Spark assigned to the task, by name
     * @return "gpu:N" for the first GPU address under {@value #TASK}, "cpu" if none; the policy itself otherwise
     * @throws IllegalArgumentException if the policy is invalid, or the assigned GPU's address is
     *     not a CUDA device index (as the discovery script must report it)
     */
    public static String resolve(String policy, Map<String, ResourceInformation> resources) {
        check(policy);
        if (!policy.equals(TASK)) {
            return policy;
        }
        ResourceInformation gpus = resources.get(GPU);
        if (gpus == null || gpus.addresses().length == 0) {
            return "cpu";
        }
        String address = gpus.addresses()[0];
        if (!CUDA_INDEX.matcher(address).matches()) {
            throw new IllegalArgumentException("Spark assigned the GPU " + UntrustedText.quote(address, '\'')
                    + " to this task, but a CUDA"
                    + " device index (0, 1, ...) is needed: make the GPU discovery script report indexes");
        }
        return "gpu:" + address;
    }
}
