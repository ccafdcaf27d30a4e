/**
 * Face redaction without diffusion weights, as the official {@code utils/redact_faces.py}:
 * {@link dev.faceanon.redact.GaussianBlur}, {@link dev.faceanon.redact.Pixelate} and
 * {@link dev.faceanon.redact.BlackOut} applied to the aligned crop (bit-identical to OpenCV 4.6),
 * and {@link dev.faceanon.redact.FaceRedactor}, which cuts, redacts and pastes back every face of a
 * photo.
 */
package dev.faceanon.redact;
