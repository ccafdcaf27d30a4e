package dev.faceanon.djl.detect;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.faceanon.face.Face;
import dev.faceanon.face.FaceDetector;
import dev.faceanon.face.LandmarkScheme;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.RgbImage;
import dev.faceanon.model.MissingModelFileException;
import dev.faceanon.model.WeightFormatException;
import dev.faceanon.model.WeightMismatchException;
import dev.faceanon.spi.CloseGuard;
import dev.faceanon.djl.weights.TorchCheckpoint;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The default face detector, face-alignment 1.4.1's chain as the official anonymisation code
 * calls it ({@code FaceAlignment(TWO_D, face_detector="sfd")}, no input flip): S3FD boxes
 * ({@link S3fdDetector}), then 68 iBUG landmarks per box from 2DFAN4 ({@link FanLandmarks}) on the
 * full-resolution photo.
 *
 * <p>Faces come in the reference's order, by decreasing detector score; an image without faces
 * gives an empty list (the reference returns {@code None} and the official code then fails).
 * Deviations from the reference are those of {@link S3fdDetector} (bounded detection resolution,
 * bounded NMS input) and of {@link FanCrop} (float32 rounding of LAPACK).
 *
 * <p>Thread-safe: calls share the read-only networks and each owns its arrays in managers it
 * closes. {@link #close()} waits for running calls before it frees the networks; every call made
 * once it has begun throws {@link IllegalStateException} ({@link CloseGuard}).
 */
public final class S3fdFanFaceDetector implements FaceDetector {
    private final NDManager manager;
    private final S3fd network;
    private final S3fdDetector boxes;
    private final FanLandmarks landmarks;
    private final BufferedImageConverter converter;
    private final CloseGuard lifecycle = new CloseGuard("S3fdFanFaceDetector");

    private S3fdFanFaceDetector(NDManager manager, S3fd network, FanLandmarks landmarks, DetectorOptions options) {
        this.manager = manager;
        this.network = network;
        this.landmarks = landmarks;
        this.boxes = new S3fdDetector(network, options, manager);
        this.converter = new BufferedImageConverter(options.maxImagePixels());
    }

    /**
     * Loads both networks.
     *
     * @param s3fdWeights the S3FD state dict, {@code s3fd-619a316812.pth} (zip or legacy torch.save)
     * @param fanArchive the 2DFAN4 archive, {@code 2DFAN4-cd938726ad.zip} (read as data, see
     *     {@link FanLandmarks})
     * @param device where both networks run
     * @param options resolution bound and thresholds
     * @return the detector; close it to free the networks
     * @throws MissingModelFileException if a file does not exist
     * @throws WeightFormatException if a file is malformed
     * @throws WeightMismatchException if a file does not hold S3FD's or 2DFAN4's parameters (all
     *     differences listed)
     * @throws java.io.UncheckedIOException if a file cannot be read
     */
    public static S3fdFanFaceDetector open(Path s3fdWeights, Path fanArchive, Device device,
            DetectorOptions options) {
        return open(s3fdWeights, fanArchive, device, options, 1);
    }

    /** {@link #open} for an S3FD and a 2DFAN4 whose widths are divided by {@code widthDivisor} (tests). */
    static S3fdFanFaceDetector open(Path s3fdWeights, Path fanArchive, Device device, DetectorOptions options,
            int widthDivisor) {
        Objects.requireNonNull(s3fdWeights, "s3fdWeights");
        Objects.requireNonNull(fanArchive, "fanArchive");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(options, "options");
        if (!Files.isRegularFile(s3fdWeights)) {
            throw new MissingModelFileException(s3fdWeights, "S3FD face detector weights");
        }
        NDManager manager = NDManager.newBaseManager(device, "PyTorch");
        S3fd network = null;
        try {
            try (TorchCheckpoint checkpoint = TorchCheckpoint.open(s3fdWeights)) {
                network = S3fd.load(checkpoint, manager, widthDivisor);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot read " + s3fdWeights, e);
            }
            return new S3fdFanFaceDetector(manager, network, FanLandmarks.open(fanArchive, device, widthDivisor),
                    options);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Finds the faces of a photo: S3FD's boxes, then 2DFAN4's 68 landmarks for each.
     *
     * @param image a photo of any ImageIO type
     * @return every face found, in any order; empty if there is none
     * @throws dev.faceanon.image.ImageTooLargeException if the photo has more pixels than
     *     {@link DetectorOptions#maxImagePixels()}
     * @throws IllegalStateException if the detector is closed
     */
    @Override
    public List<Face> detect(BufferedImage image) {
        Objects.requireNonNull(image, "image");
        return lifecycle.call("S3fdFanFaceDetector.detect", () -> detect(converter.toRgbImage(image)));
    }

    /**
     * @param image the photo
     * @return every face with box, detector score and 68 landmarks, by decreasing score
     * @throws IllegalStateException if the detector is closed
     */
    public List<Face> detect(RgbImage image) {
        Objects.requireNonNull(image, "image");
        return lifecycle.call("S3fdFanFaceDetector.detect", () -> {
            List<Face> faces = new ArrayList<>();
            for (ScoredBox box : boxes.detect(image)) {
                faces.add(new Face(box.box(), box.score(), LandmarkScheme.IBUG_68,
                        landmarks.landmarks(image, box.box())));
            }
            return faces;
        });
    }

    /** The box detector alone; not public, since its calls would escape {@link #close()}'s wait. */
    S3fdDetector boxDetector() {
        return boxes;
    }

    /** The landmark network alone; not public, for the same reason as {@link #boxDetector()}. */
    FanLandmarks landmarkNetwork() {
        return landmarks;
    }

    /** The manager owning S3FD and every call's arrays, for leak checks. */
    NDManager manager() {
        return manager;
    }

    /** Refuses new calls, waits for the running ones, then frees both networks. Idempotent. */
    @Override
    public void close() {
        lifecycle.close(() -> {
            try {
                landmarks.close();
            } finally {
                network.close();
                manager.close();
            }
        });
    }
}
