package dev.faceanon.video;

/**
 * Temporal flicker inside the face regions: the mean absolute difference of the samples (0-255) of
 * consecutive frames within each tracked face's box, for the output and for the input over the same
 * regions. Motion makes the input's value; what the output adds beyond it is flicker the
 * processing brought (generated faces that change from frame to frame, a redaction jumping with
 * its box).
 *
 * @param pairs face-and-frame pairs measured (a face present in two consecutive frames)
 * @param input mean absolute difference of the input in those regions; 0 with nothing measured
 * @param output mean absolute difference of the output in the same regions; 0 with nothing measured
 */
public record FlickerReport(long pairs, double input, double output) {

    /** @return output minus input: the flicker the processing added (negative if it steadied the regions) */
    public double added() {
        return output - input;
    }
}
