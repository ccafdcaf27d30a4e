/**
 * Getting the published model files onto the machine: {@link dev.faceanon.djl.hub.ModelSource} resolves
 * the face-anonymization, SD-2.1 and CLIP repositories and the detector files from local directories,
 * an existing Hugging Face cache (shared with the Python tools, {@link dev.faceanon.djl.hub.HubCache}) or
 * a download that follows the hub's conventions ({@code HF_ENDPOINT}, {@code HF_TOKEN},
 * {@code HF_HUB_OFFLINE}, pinned revisions), resumes with HTTP ranges, verifies every file's published
 * hash and never leaves a partial or corrupt file where a complete one is expected. Progress goes to a
 * {@link dev.faceanon.DownloadProgressListener}, e.g. a {@link dev.faceanon.djl.hub.ConsoleProgressBar}.
 * docs/models.md lists the files, their sizes, sources and licences.
 */
package dev.faceanon.djl.hub;
