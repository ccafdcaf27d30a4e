/**
 * Text from untrusted files and from the file system made safe for messages, logs and terminals
 * ({@link dev.faceanon.text.UntrustedText}); the library's exceptions and the command-line tool
 * use it wherever they quote such text.
 */
package dev.faceanon.text;
