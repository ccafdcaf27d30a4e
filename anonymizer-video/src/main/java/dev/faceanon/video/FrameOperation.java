package dev.faceanon.video;

/**
 * What is done to the tracked faces of each frame: {@link AnonymizeFaces}, {@link SwapFaces} or
 * {@link RedactFaces}. Called on the processing thread, one frame at a time, in order.
 */
@FunctionalInterface
public interface FrameOperation {

    /**
     * @param work the frame, its tracked faces, cancellation and progress
     * @return the new frame (same size) and one outcome per face given, in any order. A face that
     *     could not be processed as asked is reported so ({@link TrackedFaceOutcome#asked()} false),
     *     never silently left as it was.
     * @throws dev.faceanon.CancelledException if cancelled
     */
    FrameResult apply(FrameWork work);
}
