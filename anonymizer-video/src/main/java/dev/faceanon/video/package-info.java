/**
 * Video files: the faces of every frame anonymized, swapped or redacted, each face followed from
 * frame to frame so that a frame in which the detector misses it is still covered.
 *
 * <ul>
 *   <li>{@link dev.faceanon.video.VideoProcessor}: the entry point, for files (input and output
 *       paths) or for any {@link dev.faceanon.video.FrameSource} and
 *       {@link dev.faceanon.video.FrameSink}; progress ({@link dev.faceanon.video.VideoProgress}) and
 *       cancellation through {@link dev.faceanon.video.VideoCallOptions}; the outcome in a
 *       {@link dev.faceanon.video.VideoResult}.</li>
 *   <li>What is done to the faces of a frame: {@link dev.faceanon.video.AnonymizeFaces} (one identity
 *       per track), {@link dev.faceanon.video.SwapFaces}, {@link dev.faceanon.video.RedactFaces}, or any
 *       {@link dev.faceanon.video.FrameOperation}.</li>
 *   <li>Where the faces come from: {@link dev.faceanon.video.FaceFinder} (a detector, or faces the
 *       caller knows per frame).</li>
 *   <li>Reading and writing files: {@link dev.faceanon.video.VideoBackend}, implemented by
 *       {@code dev.faceanon.video.ffmpeg.FfmpegBackend}; {@link dev.faceanon.video.VideoEncoding} says
 *       how the output is written.</li>
 * </ul>
 */
package dev.faceanon.video;
