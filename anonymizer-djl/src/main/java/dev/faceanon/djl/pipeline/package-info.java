/**
 * The official face-anonymization pipeline on the loaded networks ({@link
 * dev.faceanon.djl.pipeline.ReferenceNetPipeline}), its loading from the published repositories,
 * and the {@link dev.faceanon.spi.BackendProvider} that makes it the backend of the public API.
 */
package dev.faceanon.djl.pipeline;
