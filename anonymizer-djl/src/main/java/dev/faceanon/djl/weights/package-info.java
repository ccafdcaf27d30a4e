/**
 * Readers for published weight files. Every reader treats its file as untrusted: sizes and offsets
 * are bounded and checked against the file before anything is allocated, and malformed files end
 * in {@link dev.faceanon.model.WeightFormatException}.
 */
package dev.faceanon.djl.weights;
