package dev.faceanon.djl.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.faceanon.djl.nn.Weights;

/**
 * transformers' {@code CLIPVisionEmbeddings}: a bias-free patch convolution (kernel and stride =
 * patch size), the learned {@code class_embedding} prepended as token 0, then the learned position
 * embedding added to every token. Parameters: {@code patch_embedding.weight [hidden, channels, p, p]},
 * {@code class_embedding [hidden]}, {@code position_embedding.weight [1 + (image/p)², hidden]}.
 *
 * <p>Patches are numbered row-major over the patch grid ({@code row·grid + column}), as torch's
 * {@code flatten(2)} does.
 */
public final class ClipVisionEmbeddings {
    private static final Shape NO_PADDING = new Shape(0, 0);
    private static final Shape NO_DILATION = new Shape(1, 1);

    private final int channels;
    private final int hidden;
    private final int imageSize;
    private final Shape stride;
    private final NDArray patchWeight;
    private final NDArray classEmbedding;
    private final NDArray positionEmbedding;

    /**
     * @param w weights at {@code vision_model.embeddings}
     * @param channels image channels ({@code num_channels})
     * @param hidden token width ({@code hidden_size})
     * @param imageSize input side in pixels ({@code image_size})
     * @param patchSize patch side in pixels ({@code patch_size})
     * @throws IllegalArgumentException if a size is not positive or the patch exceeds the image
     */
    public ClipVisionEmbeddings(Weights w, int channels, int hidden, int imageSize, int patchSize) {
        if (channels < 1 || hidden < 1 || patchSize < 1 || patchSize > imageSize) {
            throw new IllegalArgumentException("invalid CLIP embedding sizes: channels " + channels + ", hidden "
                    + hidden + ", image " + imageSize + ", patch " + patchSize);
        }
        this.channels = channels;
        this.hidden = hidden;
        this.imageSize = imageSize;
        this.stride = new Shape(patchSize, patchSize);
        long grid = imageSize / patchSize;
        classEmbedding = w.get("class_embedding", hidden);
        // transformers builds this convolution with bias=False; nn.Conv2d always has a bias, so the
        // kernel is held here and run without one.
        patchWeight = w.at("patch_embedding").get("weight", hidden, channels, patchSize, patchSize);
        positionEmbedding = w.at("position_embedding").get("weight", grid * grid + 1, hidden);
    }

    /**
     * @param pixelValues normalised images [B, channels, imageSize, imageSize] in the weights' type
     * @return tokens [B, 1 + patches, hidden]: class token first, attached to {@code pixelValues}' manager
     * @throws IllegalArgumentException if the input shape differs from the configured one
     */
    public NDArray forward(NDArray pixelValues) {
        Shape s = pixelValues.getShape();
        // transformers (this version) adds the position table without interpolation, so only the
        // configured size is meaningful; other sizes are rejected rather than silently mis-embedded.
        if (s.dimension() != 4 || s.get(0) < 1 || s.get(1) != channels || s.get(2) != imageSize
                || s.get(3) != imageSize) {
            throw new IllegalArgumentException("CLIP pixel values must be [B, " + channels + ", " + imageSize + ", "
                    + imageSize + "], got " + s);
        }
        long batch = s.get(0);
        NDArray patches = JniUtils.convolution((PtNDArray) pixelValues, (PtNDArray) patchWeight, null, stride,
                NO_PADDING, NO_DILATION, 1);
        NDArray tokens = patches.reshape(batch, hidden, -1).transpose(0, 2, 1);
        // Built from a zero array on the activations' manager so the class token (0 + e = e exactly)
        // does not attach to the weights' manager, as an op with the weight first would.
        NDArray cls = tokens.getManager().zeros(new Shape(batch, 1, hidden), tokens.getDataType())
                .add(classEmbedding);
        return cls.concat(tokens, 1).add(positionEmbedding);
    }
}
