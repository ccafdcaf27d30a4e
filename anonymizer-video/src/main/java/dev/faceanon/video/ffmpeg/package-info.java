/**
 * {@link dev.faceanon.video.ffmpeg.FfmpegBackend}: videos decoded and encoded by the system's
 * {@code ffmpeg} and {@code ffprobe}, run as subprocesses with raw frames over pipes. The
 * subprocesses are killed and reaped when a run fails or is cancelled; ffprobe's description is
 * read strictly and bounded; {@link dev.faceanon.video.ffmpeg.FfmpegNotFoundException} says what to
 * install when the programs are missing.
 */
package dev.faceanon.video.ffmpeg;
