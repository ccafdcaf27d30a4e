package dev.faceanon.spark;

import dev.faceanon.CallOptions;
import dev.faceanon.CancellationToken;
import dev.faceanon.FaceModels;
import dev.faceanon.batch.AnonymizeOperation;
import dev.faceanon.batch.ImageDecoder;
import dev.faceanon.batch.PhotoOperation;
import dev.faceanon.batch.RedactOperation;
import dev.faceanon.batch.SuppliedFaces;
import dev.faceanon.batch.SwapOperation;
import java.awt.image.BufferedImage;
import java.util.Iterator;
import java.util.Optional;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work of one task: every row of its partition through the job's operation, one at a time, as
 * the rows are consumed. The operation is made on the first row, from this executor's models
 * ({@link ExecutorModels}, loaded once per JVM), on the device of the task ({@link TaskDevice}).
 * When Spark kills the task (a speculative copy finished first, the job was cancelled) the face
 * being generated stops at its next step and the task ends without emitting that row.
 */
final class PartitionAnonymizer implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PartitionAnonymizer.class);

    private final AnonymizationJob job;
    private final StructType input;

    PartitionAnonymizer(AnonymizationJob job, StructType input) {
        this.job = job;
        this.input = input;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        TaskContext task = TaskContext.get();
        ImageRows processor = new ImageRows(job, input, () -> operation(TaskDevice.resolve(job.devicePolicy())));
        return new Iterator<>() {
            private boolean logged;

            @Override
            public boolean hasNext() {
                boolean more = rows.hasNext();
                if (!more && !logged) {
                    logged = true;
                    LOG.info("partition {}: {}", task == null ? -1 : task.partitionId(), processor.summary());
                }
                return more;
            }

            @Override
            public Row next() {
                Row row = rows.next();
                killIfInterrupted(task);
                Row result = processor.process(row, callOptions(task));
                killIfInterrupted(task);
                return result;
            }
        };
    }

    private PhotoOperation operation(String device) {
        return switch (job.operation()) {
            case ANONYMIZE -> new AnonymizeOperation(ExecutorModels.models(job.model(), device), job.diffusionConfig(),
                    job.fallback().redaction(), job.paste(), job.aligned());
            case SWAP -> swap(ExecutorModels.models(job.model(), device));
            case REDACT -> new RedactOperation(job.redaction(),
                    job.facesCol() == null ? ExecutorModels.detector(job.model(), device) : null);
        };
    }

    private PhotoOperation swap(FaceModels models) {
        BufferedImage identity = new ImageDecoder(job.acceptDamaged(), "acceptDamaged")
                .decode(job.identityImage(), job.identityName()).image();
        if (job.aligned()) {
            return SwapOperation.alignedCrops(models, job.diffusionConfig(), identity);
        }
        return SwapOperation.photos(models, job.diffusionConfig(), job.paste(), identity, job.identityName(),
                job.identityFaces() == null ? Optional.empty() : Optional.of(SuppliedFaces.parse(job.identityFaces(),
                        "the faces of the identity image " + job.identityName())));
    }

    /** A generation polls its progress listener at every step: there it learns that the task was killed. */
    private static CallOptions callOptions(TaskContext task) {
        CancellationToken token = new CancellationToken();
        if (task == null) {
            return CallOptions.builder().cancellation(token).build();
        }
        return CallOptions.builder().cancellation(token).progress(event -> {
            if (task.isInterrupted()) {
                token.cancel();
            }
        }).build();
    }

    private static void killIfInterrupted(TaskContext task) {
        if (task != null) {
            task.killTaskIfInterrupted();
        }
    }
}
