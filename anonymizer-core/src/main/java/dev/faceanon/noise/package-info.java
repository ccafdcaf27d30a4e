/**
 * Where the Gaussian noise of a generation comes from: seeded for reproducible calls, or replayed
 * from a recording for parity with the reference implementation.
 */
package dev.faceanon.noise;
