package dev.faceanon.djl.weights;

import dev.faceanon.model.WeightFormatException;
import dev.faceanon.text.UntrustedText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PyTorch checkpoint written by {@code torch.save} ({@code .pth}, {@code .bin}, {@code .pt}) read
 * as a state dict, without Python and without ever executing the pickle.
 *
 * <p>Formats: the zip format of torch 1.6 and later (stored records, zip64 included) and the legacy
 * format of older torch (a sequence of pickles followed by raw storages), e.g. the S3FD weights of
 * face-alignment. Both must be little-endian.
 *
 * <p>The pickle is interpreted by a restricted unpickler that knows only the opcodes and globals a
 * state dict uses ({@code collections.OrderedDict}, {@code torch._utils._rebuild_tensor_v2} and
 * friends, the {@code torch.*Storage} classes, dtypes); any other global or opcode — the means of
 * every pickle exploit — is rejected with a {@link WeightFormatException} naming it. Nothing is
 * imported, instantiated or called.
 *
 * <p>{@link #openTorchScriptWeights} reads the tensors of a TorchScript archive
 * ({@code torch.jit.save}) the same way, as data: its module objects are inert records of their
 * attributes, and its code is never read, compiled or run.
 *
 * <p>Naming: the top-level object must be a dict. Tensors are named by their path of keys joined
 * with dots, so a plain state dict keeps its keys and a wrapped one such as
 * {@code {"state_dict": {...}, "epoch": 3}} yields {@code state_dict.<key>}; non-tensor values
 * are skipped.
 *
 * <p>Data: views are supported, including several tensors sharing one storage (tied weights,
 * slices with a storage offset). {@link #raw(String)} returns a zero-copy memory-mapped slice for
 * contiguous tensors and a row-major copy for strided ones. Element types: float64/32/16,
 * bfloat16, int64/32/16/8, uint8 and bool; a single tensor must be under 2 GiB. Every size,
 * offset and count is validated against the file when it is opened.
 */
public final class TorchCheckpoint implements TensorSource {
    private static final Logger LOG = LoggerFactory.getLogger(TorchCheckpoint.class);

    /** The serialization layout of a checkpoint. */
    public enum Format {
        /** The zip archive written by torch 1.6 and later. */
        ZIP,
        /** The pickle stream written by older torch or {@code _use_new_zipfile_serialization=False}. */
        LEGACY,
        /** The zip archive written by {@code torch.jit.save}, of which only the tensors are read. */
        TORCHSCRIPT
    }

    private record Entry(TensorInfo info, TorchCheckpointTensor tensor, long storageOffset) {}

    private final Path path;
    private final FileChannel channel;
    private final TorchCheckpointBytes bytes;
    private final Format format;
    private final List<TensorInfo> infos;
    private final Map<String, Entry> entries;
    private volatile boolean closed;

    private TorchCheckpoint(Path path, FileChannel channel, TorchCheckpointBytes bytes, Format format,
            Map<String, Entry> entries) {
        this.path = path;
        this.channel = channel;
        this.bytes = bytes;
        this.format = format;
        this.entries = entries;
        List<TensorInfo> list = new ArrayList<>(entries.size());
        for (Entry e : entries.values()) {
            list.add(e.info());
        }
        this.infos = Collections.unmodifiableList(list);
    }

    /**
     * Opens a checkpoint and validates its whole layout; tensor data is read on demand.
     *
     * @param file a file written by {@code torch.save}
     * @return the open checkpoint; close it to release the file
     * @throws IOException if the file cannot be read
     * @throws WeightFormatException if the file is not a readable state dict checkpoint: malformed,
     *     truncated, big-endian, or using an opcode or global outside the allowed set (the message
     *     names it)
     */
    public static TorchCheckpoint open(Path file) throws IOException {
        return open(file, false);
    }

    /**
     * Opens the tensors of a TorchScript archive as a state dict, without running it: parameters
     * and buffers are named by their attribute paths ({@code m0.b1_4.conv1.weight}), as
     * {@code module.state_dict()} names them. The archive's code, constants and debug records are
     * never read; an object that restores itself with its own {@code __setstate__} (code the
     * archive wants run at load) makes the archive unreadable rather than run.
     *
     * @param file a file written by {@code torch.jit.save}
     * @return the open tensors; close to release the file
     * @throws IOException if the file cannot be read
     * @throws WeightFormatException if the file is not a TorchScript zip archive, is malformed or
     *     truncated, or its {@code data.pkl} holds anything but module objects, tensors and plain
     *     values
     */
    public static TorchCheckpoint openTorchScriptWeights(Path file) throws IOException {
        return open(file, true);
    }

    private static TorchCheckpoint open(Path file, boolean torchScript) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            Format format = detect(file, channel);
            if (torchScript && format != Format.ZIP) {
                throw new WeightFormatException(file, "not a TorchScript archive (expected a zip file written by"
                        + " torch.jit.save)");
            }
            TorchCheckpointBytes bytes = new TorchCheckpointBytes(channel);
            TorchCheckpointContent content = format == Format.ZIP
                    ? TorchCheckpointZipReader.read(file, channel, bytes, torchScript)
                    : TorchCheckpointLegacyReader.read(file, bytes);
            if (torchScript) {
                format = Format.TORCHSCRIPT;
            }
            Map<String, Entry> entries = new LinkedHashMap<>();
            TorchCheckpointStateDict.tensors(file, content.root()).forEach((name, tensor) -> entries.put(name,
                    new Entry(new TensorInfo(name, tensor.dtype(), tensor.shape()), tensor,
                            content.storageOffsets().get(tensor.storage().key()))));
            TorchCheckpoint checkpoint = new TorchCheckpoint(file, channel, bytes, format, entries);
            LOG.debug("opened {} ({} format, {} tensors)", file, format, entries.size());
            return checkpoint;
        } catch (IOException | RuntimeException | Error e) {
            try {
                channel.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static Format detect(Path file, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size >= 4) {
            int sig = TorchCheckpointZipDirectory.readFully(file, channel, 0, 4).getInt(0);
            // A local header, or the end record of an archive with no records.
            if (sig == 0x04034b50 || sig == 0x06054b50) {
                return Format.ZIP;
            }
        }
        if (size >= 262) {
            ByteBuffer ustar = TorchCheckpointZipDirectory.readFully(file, channel, 257, 5);
            if (ustar.equals(ByteBuffer.wrap(new byte[] {'u', 's', 't', 'a', 'r'}))) {
                throw new WeightFormatException(file, "tar-based checkpoint of torch before 0.1.10 is not supported");
            }
        }
        return Format.LEGACY;
    }

    /** @return the layout the file was written in */
    public Format format() {
        return format;
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public List<TensorInfo> tensors() {
        return infos;
    }

    @Override
    public Optional<TensorInfo> find(String name) {
        Entry e = entries.get(name);
        return e == null ? Optional.empty() : Optional.of(e.info());
    }

    /**
     * {@inheritDoc}
     *
     * <p>Contiguous tensors are mapped from the file without copying; strided views are copied
     * into row-major order.
     *
     * @throws IllegalStateException if the checkpoint is closed
     * @throws UncheckedIOException if the file cannot be read
     */
    @Override
    public ByteBuffer raw(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new NoSuchElementException("no tensor " + UntrustedText.quote(name) + " in " + path);
        }
        if (closed) {
            throw new IllegalStateException(path + " is closed");
        }
        TorchCheckpointTensor t = e.tensor();
        if (t.elementCount() == 0) {
            return ByteBuffer.allocate(0).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        }
        long position = e.storageOffset() + t.byteOffset();
        try {
            if (t.contiguous()) {
                return bytes.region(position, e.info().byteSize());
            }
            return t.gather(bytes.region(position, t.spanBytes())).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read tensor " + UntrustedText.quote(name) + " from " + path, ex);
        }
    }

    /** Closes the file. Buffers returned by {@link #raw(String)} stay readable. */
    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("closing {} failed", path, e);
        }
    }

    @Override
    public String toString() {
        return "TorchCheckpoint[" + path + ", " + format + ", " + infos.size() + " tensors]";
    }
}
