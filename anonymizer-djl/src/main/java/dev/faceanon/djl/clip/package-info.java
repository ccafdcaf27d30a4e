/**
 * transformers' {@code CLIPVisionModel} (the openai/clip-vit-large-patch14 vision tower the
 * pipeline uses as its image encoder), one class per transformers module: {@link
 * dev.faceanon.djl.clip.ClipVisionEmbeddings}, {@link dev.faceanon.djl.clip.ClipAttention}, {@link
 * dev.faceanon.djl.clip.ClipMlp}, {@link dev.faceanon.djl.clip.ClipEncoderLayer}, {@link
 * dev.faceanon.djl.clip.ClipVisionTransformer}, and {@link dev.faceanon.djl.clip.ClipVisionModel},
 * which owns the loaded weights. Parameters are fetched under the published
 * {@code vision_model.*} key names.
 */
package dev.faceanon.djl.clip;
