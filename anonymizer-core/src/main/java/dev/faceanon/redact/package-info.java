/**
 * Face redaction without diffusion weights: {@link dev.faceanon.redact.GaussianBlur},
 * {@link dev.faceanon.redact.Pixelate} and {@link dev.faceanon.redact.BlackOut} applied to the aligned
 * crop, blur and mosaic with a strength relative to the face's size in the photo (docs/redaction.md),
 * and {@link dev.faceanon.redact.FaceRedactor}, which cuts, redacts and pastes back every face of a
 * photo.
 */
package dev.faceanon.redact;
