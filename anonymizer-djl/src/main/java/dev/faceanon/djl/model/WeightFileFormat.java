package dev.faceanon.djl.model;

import java.util.Optional;

/** The on-disk forms of a weight file that {@link ModelLayout} accepts, told apart by file name. */
public enum WeightFileFormat {
    /** One {@code .safetensors} file. */
    SAFETENSORS(".safetensors"),
    /** A sharded safetensors checkpoint: a {@code .safetensors.index.json} naming the shards beside it. */
    SAFETENSORS_INDEX(".safetensors.index.json"),
    /** A PyTorch pickle checkpoint ({@code .bin}), a zip archive holding a pickled state dict. */
    PYTORCH_BIN(".bin");

    private final String suffix;

    WeightFileFormat(String suffix) {
        this.suffix = suffix;
    }

    /** @return the file-name suffix that identifies this form */
    public String suffix() {
        return suffix;
    }

    /**
     * @param fileName a file name
     * @return the form its suffix identifies, or empty if none does
     */
    public static Optional<WeightFileFormat> ofFileName(String fileName) {
        for (WeightFileFormat f : values()) {
            if (fileName.endsWith(f.suffix)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
