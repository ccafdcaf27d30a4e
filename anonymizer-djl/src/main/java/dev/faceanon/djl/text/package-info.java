/**
 * Text from untrusted model files made safe for messages and terminals
 * ({@link dev.faceanon.djl.text.UntrustedText}).
 */
package dev.faceanon.djl.text;
