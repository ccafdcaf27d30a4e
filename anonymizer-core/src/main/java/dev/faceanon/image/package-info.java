/**
 * 8-bit RGB images and the pixel operations the diffusion pipeline needs, reproduced to the byte
 * from the official Python stack (Pillow 9.4, transformers' CLIP image processor, diffusers'
 * VaeImageProcessor).
 *
 * <ul>
 *   <li>{@link dev.faceanon.image.RgbImage}: the immutable image type;
 *       {@link dev.faceanon.image.BufferedImageConverter} converts any {@code BufferedImage} to it
 *       the way Pillow's {@code convert("RGB")} would, and back.</li>
 *   <li>{@link dev.faceanon.image.PillowResampler}: Pillow's 8-bit separable resampling
 *       ({@link dev.faceanon.image.ResampleFilter}).</li>
 *   <li>{@link dev.faceanon.image.ModelFrame}: the size the model runs at, and the resizes into and
 *       out of it; {@link dev.faceanon.image.ClipImagePreprocessor}: the CLIP encoder input;
 *       {@link dev.faceanon.image.VaePixelCodec}: the VAE input and output pixels.</li>
 * </ul>
 */
package dev.faceanon.image;
