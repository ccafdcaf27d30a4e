/**
 * Where the model files are on disk: {@link dev.faceanon.djl.model.ModelLayout} resolves the files
 * of the published repositories (hkung/face-anon-simple, stabilityai/stable-diffusion-2-1,
 * openai/clip-vit-large-patch14) as they are downloaded, reports missing ones with what they are
 * for, and hands out their parsed configurations and weight-file paths.
 */
package dev.faceanon.djl.model;
