/**
 * Strict reading of the JSON documents model files carry (configurations, safetensors headers,
 * shard indexes): {@link dev.faceanon.djl.json.StrictJsonReader} reads tokens and reports malformed
 * input in the file's terms with its position; {@link dev.faceanon.djl.json.JsonTreeReader} reads a
 * whole document and refuses duplicate keys.
 */
package dev.faceanon.djl.json;
