/**
 * Reproducing the reference cases ("goldens") of the official Python code and reporting how close
 * this library comes: used by the parity tests and by {@code scripts/golden-check}. Tolerances and
 * their justification: docs/parity.md.
 */
package dev.faceanon.parity;
