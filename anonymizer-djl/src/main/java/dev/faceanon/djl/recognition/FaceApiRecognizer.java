package dev.faceanon.djl.recognition;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.faceanon.djl.hub.ModelDownloadException;
import dev.faceanon.djl.npm.NpmPackageFetcher;
import dev.faceanon.djl.npm.NpmTarball;
import dev.faceanon.djl.npm.TarGzEntries;
import dev.faceanon.djl.weights.TfjsWeightManifest;
import dev.faceanon.djl.weights.TfjsWeights;
import dev.faceanon.face.Face;
import dev.faceanon.face.FaceDescriptor;
import dev.faceanon.face.FaceRecognizer;
import dev.faceanon.image.RgbImage;
import dev.faceanon.model.MissingModelFileException;
import dev.faceanon.model.ModelFileException;
import dev.faceanon.model.WeightFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The face recognizer of {@code @vladmandic/face-api} 1.7.15 (MIT licence): dlib's ResNet face descriptor, 128
 * values, computed in Java on DJL's PyTorch engine from the weights published in the package's npm tarball
 * ({@code model/face_recognition_model-weights_manifest.json} and {@code model/face_recognition_model.bin}, a
 * TensorFlow.js manifest with uint8-quantised weights). Its descriptors match the package's own JavaScript on
 * TensorFlow.js's CPU backend (docs/parity.md).
 *
 * <p>Which part of the photo is described: see {@link RecognitionCrop} (face-api's own crop: the landmarks' box
 * widened by 20 %, or the detection box for faces without 68 landmarks); how it becomes the network's 150×150 input:
 * see {@link RecognitionInput}.
 *
 * <p>Getting it: {@link #load()} fetches the pinned tarball into {@code $FACEANON_CACHE/npm} on first use (12.7 MB,
 * SHA-256 checked; offline mode honoured) and reads the two files straight out of it.
 *
 * <p>Threads and memory: immutable and safe for concurrent calls; each call's arrays live in a sub-manager it
 * closes, so nothing accumulates across calls. {@link #close()} frees the weights.
 */
public final class FaceApiRecognizer implements FaceRecognizer {
    /** The pinned package: {@code @vladmandic/face-api} 1.7.15, its tarball's SHA-256 and size. */
    public static final NpmTarball PACKAGE = new NpmTarball("@vladmandic/face-api", "1.7.15",
            "0d77fffeef362ef9c0939cf6c567f3a2e8e177f114fa257a3270cbd2e509b031", 12_677_476L,
            "face recognition weights");

    static final String MANIFEST_ENTRY = "package/model/face_recognition_model-weights_manifest.json";
    static final String WEIGHTS_ENTRY = "package/model/face_recognition_model.bin";
    private static final long MAX_MANIFEST = 1L << 20;
    private static final long MAX_WEIGHTS = 16L << 20;
    private static final long MAX_UNCOMPRESSED = 256L << 20;
    private static final long MAX_DECODED = 64L << 20;

    private final NDManager manager;
    private final FaceRecognitionNet network;

    private FaceApiRecognizer(NDManager manager, FaceRecognitionNet network) {
        this.manager = manager;
        this.network = network;
    }

    /**
     * Loads the recognizer on the CPU with the library's usual settings ({@link NpmPackageFetcher#fromSystem()}),
     * downloading the package on first use.
     *
     * @return the recognizer; close it to free its weights
     * @throws ModelDownloadException if the package is not cached and cannot be downloaded (offline, network...)
     */
    public static FaceApiRecognizer load() {
        return load(NpmPackageFetcher.fromSystem(), Device.cpu());
    }

    /**
     * @param fetcher where the package tarball is cached and fetched from
     * @param device where the network runs
     * @return the recognizer; close it to free its weights
     * @throws ModelDownloadException if the package is not cached and cannot be downloaded
     * @throws ModelFileException if the tarball's content is unusable
     */
    public static FaceApiRecognizer load(NpmPackageFetcher fetcher, Device device) {
        Objects.requireNonNull(fetcher, "fetcher");
        return open(fetcher.fetch(PACKAGE), device);
    }

    /**
     * Loads the recognizer from a copy of the pinned tarball (for example one made by
     * {@code npm pack @vladmandic/face-api@1.7.15}).
     *
     * @param tarball the package tarball
     * @param device where the network runs
     * @return the recognizer; close it to free its weights
     * @throws MissingModelFileException if the file does not exist
     * @throws ModelFileException if it is not the pinned tarball (SHA-256) or its content is unusable
     */
    public static FaceApiRecognizer open(Path tarball, Device device) {
        Objects.requireNonNull(tarball, "tarball");
        Objects.requireNonNull(device, "device");
        if (!Files.isRegularFile(tarball)) {
            throw new MissingModelFileException(tarball, PACKAGE.purpose() + " (" + PACKAGE.spec() + " tarball)");
        }
        if (!PACKAGE.matches(tarball)) {
            throw new ModelFileException(tarball, "is not the " + PACKAGE.spec() + " tarball: its size or SHA-256"
                    + " differs from the pin (" + PACKAGE.size() + " bytes, SHA-256 " + PACKAGE.sha256() + "). Fetch"
                    + " it again ('npm pack " + PACKAGE.spec() + "') or delete it so that it is downloaded anew.");
        }
        return openUnpinned(tarball, device);
    }

    /**
     * {@link #open} without the SHA-256 check, so that tests can hand it altered tarballs; every structural check
     * still applies.
     */
    static FaceApiRecognizer openUnpinned(Path tarball, Device device) {
        Map<String, byte[]> entries = TarGzEntries.read(tarball,
                Map.of(MANIFEST_ENTRY, MAX_MANIFEST, WEIGHTS_ENTRY, MAX_WEIGHTS), MAX_UNCOMPRESSED);
        Path manifestPath = inside(tarball, MANIFEST_ENTRY);
        TfjsWeightManifest manifest = TfjsWeightManifest.parse(entries.get(MANIFEST_ENTRY), manifestPath);
        String weightsName = WEIGHTS_ENTRY.substring(WEIGHTS_ENTRY.lastIndexOf('/') + 1);
        TfjsWeights weights = TfjsWeights.decode(manifest, Map.of(weightsName, entries.get(WEIGHTS_ENTRY)),
                inside(tarball, WEIGHTS_ENTRY), MAX_DECODED);
        NDManager manager = NDManager.newBaseManager(device, "PyTorch");
        try {
            return new FaceApiRecognizer(manager, FaceRecognitionNet.load(weights, manager));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** A path naming an entry of an archive, for messages. */
    private static Path inside(Path archive, String entry) {
        return Path.of(archive + "!", entry.split("/"));
    }

    /**
     * Describes a face of a photo: the {@link RecognitionCrop} of the face, padded to a square, resized to 150×150.
     *
     * @param image the photo
     * @param face a face of that photo
     * @return its descriptor
     * @throws IllegalArgumentException if the crop lies wholly outside the photo
     */
    @Override
    public FaceDescriptor describe(RgbImage image, Face face) {
        Objects.requireNonNull(image, "image");
        return describe(image, RecognitionCrop.of(face, image.width(), image.height()));
    }

    /**
     * Describes a whole image as the face crop (padded to a square, resized to 150×150 unless it is 150×150).
     *
     * @param crop the face crop
     * @return its descriptor
     */
    @Override
    public FaceDescriptor describeCrop(RgbImage crop) {
        Objects.requireNonNull(crop, "crop");
        return describe(crop, RecognitionCrop.whole(crop.width(), crop.height()));
    }

    /**
     * Describes a given part of a photo.
     *
     * @param image the photo
     * @param crop the part to describe, inside the photo
     * @return its descriptor
     * @throws IllegalArgumentException if the crop reaches outside the photo
     * @throws ModelFileException if the weights give a non-finite descriptor
     */
    public FaceDescriptor describe(RgbImage image, RecognitionCrop crop) {
        float[] input = RecognitionInput.of(image, crop);
        float[] values;
        try (NDManager call = manager.newSubManager()) {
            JniUtils.setGradMode(false);
            NDArray x = call.create(input, new Shape(1, 3, RecognitionInput.SIZE, RecognitionInput.SIZE));
            values = network.forward(x).toFloatArray();
        }
        try {
            return FaceDescriptor.of(values);
        } catch (IllegalArgumentException e) {
            throw new WeightFormatException(Path.of(PACKAGE.fileName()), "the recognition weights give a"
                    + " non-finite descriptor", e);
        }
    }

    /** The manager owning the weights and every call's arrays, for leak checks. */
    NDManager manager() {
        return manager;
    }

    /** Frees the weights. The recognizer must not be used afterwards. */
    @Override
    public void close() {
        network.close();
        manager.close();
    }
}
