package dev.faceanon.djl.weights;

import java.io.IOException;
import java.nio.file.Path;

/** Opens a weight file as a {@link TensorSource}, choosing the reader from the file name. */
public final class TensorSources {

    private TensorSources() {}

    /**
     * Opens a sharded checkpoint if {@code file} is an index ({@code *.index.json}), otherwise a
     * single safetensors file.
     *
     * @param file a {@code .safetensors} file or a {@code .safetensors.index.json} index
     * @return the open source; close it when done
     * @throws dev.faceanon.model.WeightFormatException if the file (or a shard) is invalid
     * @throws dev.faceanon.model.MissingModelFileException if a shard named by the index is missing
     * @throws IOException if reading fails, e.g. the file does not exist
     */
    public static TensorSource open(Path file) throws IOException {
        Path name = file.getFileName();
        if (name != null && name.toString().endsWith(".index.json")) {
            return ShardedSafetensors.open(file);
        }
        return SafetensorsFile.open(file);
    }
}
