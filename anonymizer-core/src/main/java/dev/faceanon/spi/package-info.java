/**
 * Service-provider interfaces: what a backend implements so that the public API can use it. The
 * DJL/PyTorch backend in {@code anonymizer-djl} is the reference implementation.
 */
package dev.faceanon.spi;
