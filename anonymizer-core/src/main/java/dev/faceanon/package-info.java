/**
 * Public API of the face anonymizer: the entry points applications call and the exceptions they
 * catch. This module has no dependency on DJL; the backend is found at run time.
 */
package dev.faceanon;
