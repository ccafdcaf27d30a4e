/**
 * Reading reference cases ("goldens") produced by the official Python code, and comparing results
 * against them with stated tolerances. Used by the parity tests and by {@code scripts/golden-check}.
 */
package dev.faceanon.parity.golden;
