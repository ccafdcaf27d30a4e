/**
 * Faces as the library sees them (box, score, landmarks) and the detector SPI, so that
 * applications can bring their own detections.
 */
package dev.faceanon.face;
