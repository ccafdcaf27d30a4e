package dev.faceanon.batch;

import java.util.Objects;

/**
 * How a front end names the settings that the shared checks refuse, so that each message names the setting as its
 * user wrote it: the command line's options ({@code --identity-check}), Spark's parameters ({@code identityCheck}).
 *
 * @param identityCheck the identity check's mode (fail-closed, audit, off)
 * @param identityThreshold the identity check's match threshold
 * @param keep the keep gallery's directory
 * @param keepThreshold the keep gallery's match threshold
 * @param pixelateCells the mosaic's cells across a face
 * @param blurSigma the blur's sigma per face size
 */
public record SettingNames(String identityCheck, String identityThreshold, String keep, String keepThreshold,
        String pixelateCells, String blurSigma) {

    /**
     * @param identityCheck the identity check's mode (fail-closed, audit, off)
     * @param identityThreshold the identity check's match threshold
     * @param keep the keep gallery's directory
     * @param keepThreshold the keep gallery's match threshold
     * @param pixelateCells the mosaic's cells across a face
     * @param blurSigma the blur's sigma per face size
     * @throws NullPointerException if a name is null
     */
    public SettingNames {
        Objects.requireNonNull(identityCheck, "identityCheck");
        Objects.requireNonNull(identityThreshold, "identityThreshold");
        Objects.requireNonNull(keep, "keep");
        Objects.requireNonNull(keepThreshold, "keepThreshold");
        Objects.requireNonNull(pixelateCells, "pixelateCells");
        Objects.requireNonNull(blurSigma, "blurSigma");
    }
}
