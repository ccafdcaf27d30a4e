/**
 * Strict reading of untrusted JSON documents: those model files carry (configurations, safetensors
 * headers, shard indexes, golden sidecars) and those users write (the command-line tool's faces
 * file). {@link dev.faceanon.djl.json.StrictJsonReader} reads tokens and reports malformed input in
 * the file's terms with its position; {@link dev.faceanon.djl.json.JsonTreeReader} reads a whole
 * document and refuses duplicate keys, naming both places; {@link
 * dev.faceanon.djl.json.BoundedFileReader} reads such a file whole, bounded in size.
 */
package dev.faceanon.djl.json;
