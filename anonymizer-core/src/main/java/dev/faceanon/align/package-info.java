/**
 * Face alignment, crop and paste-back exactly as the official {@code utils/extractor.py} and
 * {@code utils/merger.py}, plus a seamless paste and multi-face compositing.
 *
 * <ul>
 *   <li>{@link dev.faceanon.align.WholeFaceAlignment}: the WHOLE_FACE image→crop matrix
 *       (Umeyama on 33 template points, padding 0.40, 7 % upward shift), bit-identical to the
 *       official float64 matrix; {@link dev.faceanon.align.Umeyama} and
 *       {@link dev.faceanon.align.AffineTransform2D} underneath.</li>
 *   <li>{@link dev.faceanon.align.AffineWarp}: OpenCV's fixed-point bilinear and nearest warps;
 *       {@link dev.faceanon.align.FaceExtractor} cuts {@link dev.faceanon.align.AlignedFace}s with
 *       them.</li>
 *   <li>{@link dev.faceanon.align.PasteBack}: the official hard paste or a feathered one, and their
 *       {@link dev.faceanon.align.PasteMask}s; {@link dev.faceanon.align.FaceCompositor} pastes many
 *       faces in a defined order without letting one crop overwrite another face.</li>
 *   <li>{@link dev.faceanon.align.LandmarkFit}: whether a face's landmarks fit its box, so that the
 *       pasted crop covers every pixel of the box ({@link dev.faceanon.align.PixelRect#ofBox});
 *       {@link dev.faceanon.align.FaceExtractor#extractFitting} checks it before cutting.</li>
 * </ul>
 */
package dev.faceanon.align;
