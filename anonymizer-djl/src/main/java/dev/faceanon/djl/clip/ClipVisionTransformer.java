package dev.faceanon.djl.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import dev.faceanon.djl.config.ClipVisionConfig;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.djl.nn.LayerNorm;
import dev.faceanon.djl.nn.Weights;
import java.util.ArrayList;
import java.util.List;

/**
 * transformers' {@code CLIPVisionTransformer} (the {@code vision_model} module) with its
 * {@code CLIPEncoder} (the {@code encoder.layers} list, run in order): embeddings,
 * {@code pre_layrnorm} (the reference's spelling), the encoder layers, and {@code post_layernorm},
 * which is applied to the class token only.
 */
public final class ClipVisionTransformer {
    private final ClipVisionEmbeddings embeddings;
    private final LayerNorm preLayrnorm;
    private final List<ClipEncoderLayer> layers;
    private final LayerNorm postLayernorm;

    /**
     * @param w weights at {@code vision_model}
     * @param config the vision configuration
     * @param options attention kernel
     */
    public ClipVisionTransformer(Weights w, ClipVisionConfig config, AttentionOptions options) {
        int hidden = config.hiddenSize();
        double eps = config.layerNormEps();
        embeddings = new ClipVisionEmbeddings(w.at("embeddings"), config.numChannels(), hidden, config.imageSize(),
                config.patchSize());
        preLayrnorm = new LayerNorm(w.at("pre_layrnorm"), hidden, eps);
        Weights encoder = w.at("encoder").at("layers");
        List<ClipEncoderLayer> built = new ArrayList<>(config.numHiddenLayers());
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            built.add(new ClipEncoderLayer(encoder.at(i), hidden, config.intermediateSize(),
                    config.numAttentionHeads(), config.hiddenAct(), eps, options));
        }
        layers = List.copyOf(built);
        postLayernorm = new LayerNorm(w.at("post_layernorm"), hidden, eps);
    }

    /**
     * The encoder input: {@code pre_layrnorm(embeddings(pixelValues))}.
     *
     * @param pixelValues [B, channels, image, image] in the weights' type
     * @return [B, 1 + patches, hidden], attached to {@code pixelValues}' manager
     */
    NDArray embed(NDArray pixelValues) {
        NDArray e = embeddings.forward(pixelValues);
        NDArray normed = preLayrnorm.forward(e);
        e.close();
        return normed;
    }

    /**
     * @param pixelValues [B, channels, image, image] in the weights' type
     * @return the encoder output (not post-layernormed) and the pooled class token; both attached to
     *     {@code pixelValues}' manager
     */
    public ClipVisionOutput forward(NDArray pixelValues) {
        NDArray h = embed(pixelValues);
        for (ClipEncoderLayer layer : layers) {
            NDArray next = layer.forward(h);
            h.close();
            h = next;
        }
        NDArray cls = h.get(new NDIndex(":, 0, :"));
        NDArray pooled = postLayernorm.forward(cls);
        cls.close();
        return new ClipVisionOutput(h, pooled);
    }
}
