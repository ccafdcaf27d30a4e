package dev.faceanon.djl.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens a weight file as a {@link TensorSource}, choosing the reader from the file itself. */
public final class TensorSources {

    private TensorSources() {}

    /**
     * Opens a sharded safetensors checkpoint if {@code file} is an index ({@code *.index.json});
     * a PyTorch checkpoint ({@code .bin}, {@code .pth}, ...) if the file starts like a zip archive or
     * a pickle, whatever its name; otherwise a single safetensors file.
     *
     * @param file a weight file or a sharded index
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
        return looksLikeTorchCheckpoint(file) ? TorchCheckpoint.open(file) : SafetensorsFile.open(file);
    }

    private static boolean looksLikeTorchCheckpoint(Path file) throws IOException {
        byte[] head = new byte[9];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        // A safetensors file has its JSON header's '{' at byte 8; its first bytes are a length and
        // can be anything (a 128-byte header starts with 0x80, like a pickle).
        if (n == head.length && head[8] == '{') {
            return false;
        }
        // torch.save writes a zip ("PK") since 1.6, a protocol-2 pickle (0x80 0x02) before.
        return n >= 2 && ((head[0] == 'P' && head[1] == 'K') || (head[0] == (byte) 0x80 && head[1] <= 5));
    }
}
