/**
 * The face-anon denoising UNet and ReferenceNet (official {@code UNet2DConditionModel} and
 * {@code ReferenceNetModel}, diffusers 0.25.1 building blocks, SD-2.1 topology), one class per
 * diffusers block, each fetching its parameters by the published key names.
 *
 * <p>The reference mechanism: {@link dev.faceanon.djl.unet.ReferenceNet} records the
 * self-attention inputs of its blocks ({@link dev.faceanon.djl.unet.ReferenceStates});
 * {@link dev.faceanon.djl.unet.UNet2DConditionModel#referenceContext} turns the source and
 * conditioning states into per-layer keys and values ({@link dev.faceanon.djl.unet.ReferenceContext})
 * that every denoising step's self-attentions attend over besides their own tokens.
 */
package dev.faceanon.djl.unet;
