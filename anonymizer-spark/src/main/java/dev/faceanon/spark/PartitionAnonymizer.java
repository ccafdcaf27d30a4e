package dev.faceanon.spark;

import dev.faceanon.CallOptions;
import dev.faceanon.CancellationToken;
import dev.faceanon.FaceModels;
import dev.faceanon.batch.AnonymizeOperation;
import dev.faceanon.batch.FacesFile;
import dev.faceanon.batch.IdentitySettings;
import dev.faceanon.batch.KeepDirectory;
import dev.faceanon.batch.PhotoOperation;
import dev.faceanon.batch.RedactOperation;
import dev.faceanon.batch.SuppliedFaces;
import dev.faceanon.batch.SwapOperation;
import dev.faceanon.face.FaceDetector;
import dev.faceanon.face.FaceRecognizer;
import dev.faceanon.identity.KeepGallery;
import java.awt.image.BufferedImage;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work of one task: every row of its partition through the job's operation, one at a time, as
 * the rows are consumed. The operation is made on the first row, from this executor's models
 * ({@link ExecutorModels}, loaded once per JVM), on the device of the task ({@link TaskDevice}),
 * with the keep gallery of the run ({@link ExecutorModels#keepGallery}).
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
        IdentitySettings identity = job.identity();
        if (job.operation() == AnonymizationJob.Operation.REDACT) {
            FaceDetector detector = job.facesCol() == null || detectsReferences()
                    ? ExecutorModels.detector(job.model(), device) : null;
            FaceRecognizer recognizer = identity.recognizer() ? ExecutorModels.recognizer(job.model()) : null;
            KeepGallery keep = keepGallery(() -> {
                KeepGallery.Builder b = KeepGallery.builder(recognizer);
                return detector == null ? b : b.detector(detector);
            });
            return new RedactOperation(job.redaction(), detector, recognizer, identity, keep);
        }
        FaceModels models = ExecutorModels.models(job.model(), device, identity.recognizer());
        KeepGallery keep = keepGallery(models::keepGallery);
        return switch (job.operation()) {
            case ANONYMIZE -> new AnonymizeOperation(models, job.diffusionConfig(), job.fallback(), job.paste(),
                    job.aligned(), identity, keep);
            case SWAP -> swap(models, keep);
            case REDACT -> throw new IllegalStateException("redaction loads no generating models");
        };
    }

    /** Reference photos without a faces file are found with the detector. */
    private boolean detectsReferences() {
        return job.identity().keepDirectory().isPresent() && job.keepFaces().isEmpty();
    }

    /**
     * The job's keep gallery, described once per executor JVM and run ({@link ExecutorModels#keepGallery}); empty
     * without a keep directory. A gallery that cannot be described fails the task, as missing models do.
     */
    private KeepGallery keepGallery(Supplier<KeepGallery.Builder> builder) {
        if (job.identity().keepDirectory().isEmpty()) {
            return KeepGallery.empty();
        }
        return ExecutorModels.keepGallery(job.runId(), () -> KeepDirectory.of(job.identity(), "keepDirectory",
                builder, job.keepFaces().map(FacesFile::read).orElse(null),
                job.decoder(), null));
    }

    private PhotoOperation swap(FaceModels models, KeepGallery keep) {
        BufferedImage identity = job.decoder().decode(job.identityImage(), job.identityName()).image();
        if (job.aligned()) {
            return SwapOperation.alignedCrops(models, job.diffusionConfig(), job.identity(), keep, identity);
        }
        return SwapOperation.photos(models, job.diffusionConfig(), job.paste(), job.identity(), keep, identity,
                job.identityName(), job.identityFaces() == null ? Optional.empty()
                        : Optional.of(SuppliedFaces.parse(job.identityFaces(), "the faces of the identity image "
                                + job.identityName())));
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
