package dev.faceanon.djl.hub;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Local paths of the face detector's files.
 *
 * @param s3fdWeights the S3FD detector checkpoint
 * @param fanWeights the 2D-FAN-4 TorchScript archive
 */
public record DetectorFiles(Path s3fdWeights, Path fanWeights) {

    /**
     * Checks that every path is given.
     *
     * @param s3fdWeights the S3FD detector checkpoint
     * @param fanWeights the 2D-FAN-4 TorchScript archive
     * @throws NullPointerException if a path is null
     */
    public DetectorFiles {
        Objects.requireNonNull(s3fdWeights, "s3fdWeights");
        Objects.requireNonNull(fanWeights, "fanWeights");
    }
}
