/**
 * Typed, validated model configurations read from the {@code config.json},
 * {@code scheduler_config.json} and {@code preprocessor_config.json} files of the published
 * repositories, exactly as diffusers 0.25.1 and transformers serialise them.
 *
 * <p>Each type applies the upstream defaults to absent keys, ignores keys it does not use, and
 * rejects values this library cannot run with a {@link dev.faceanon.model.ModelConfigException}
 * naming the file and the field. {@link dev.faceanon.djl.config.ConfigObject} is the bounded JSON
 * reader they share.
 */
package dev.faceanon.djl.config;
