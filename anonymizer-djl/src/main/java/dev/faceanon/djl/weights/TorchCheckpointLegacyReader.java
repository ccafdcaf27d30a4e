package dev.faceanon.djl.weights;

import dev.faceanon.model.WeightFormatException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the legacy format of {@code torch.save} (torch before 1.6, or
 * {@code _use_new_zipfile_serialization=False}): five consecutive pickles (magic number, protocol
 * version 1001, sys_info, the object with storage persistent ids, the list of storage keys), then
 * for each listed key an 8-byte little-endian element count followed by the storage's raw bytes.
 * Every count is checked against the persistent id and the remaining file.
 */
final class TorchCheckpointLegacyReader {
    private static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final long PROTOCOL_VERSION = 1001;

    private TorchCheckpointLegacyReader() {}

    /**
     * @param file the checkpoint
     * @param bytes views of its bytes
     * @return its content
     * @throws IOException if reading fails
     * @throws WeightFormatException if the file is malformed, truncated or not allowed
     */
    static TorchCheckpointContent read(Path file, TorchCheckpointBytes bytes) throws IOException {
        long fileLength = bytes.size();
        // Only the pickles are read through this view; the first 2 GiB are plenty.
        ByteBuffer head = bytes.region(0, Math.min(fileLength, Integer.MAX_VALUE));
        PickleSequence pickles = new PickleSequence(file, head);

        Object magic = pickles.next("magic number pickle (the file is not a zip archive, so it must be a"
                + " legacy checkpoint)", plain(file, "magic number pickle", fileLength));
        if (!MAGIC.equals(magic instanceof Long ? BigInteger.valueOf((Long) magic) : magic)) {
            throw new WeightFormatException(file, "not a PyTorch checkpoint: wrong magic number");
        }
        Object protocol = pickles.next("protocol version pickle", plain(file, "protocol version pickle", fileLength));
        if (!Long.valueOf(PROTOCOL_VERSION).equals(protocol)) {
            throw new WeightFormatException(file, "legacy protocol version is not " + PROTOCOL_VERSION);
        }
        Object sysInfo = pickles.next("sys_info pickle", plain(file, "sys_info pickle", fileLength));
        if (!(sysInfo instanceof Map)) {
            throw new WeightFormatException(file, "legacy sys_info is a " + PickleMachine.typeName(sysInfo)
                    + ", not a dict");
        }
        Object littleEndian = ((Map<?, ?>) sysInfo).get("little_endian");
        if (littleEndian != null && !Boolean.TRUE.equals(littleEndian)) {
            throw new WeightFormatException(file, "checkpoint was written on a big-endian machine;"
                    + " only little-endian checkpoints are supported");
        }
        TorchCheckpointObjects objects = new TorchCheckpointObjects(file, "main pickle",
                TorchCheckpointObjects.PersistentIds.LEGACY, fileLength);
        Object root = pickles.next("main pickle", objects);
        Object keys = pickles.next("storage key pickle", plain(file, "storage key pickle", fileLength));
        if (!(keys instanceof List)) {
            throw new WeightFormatException(file, "legacy storage key list is a " + PickleMachine.typeName(keys));
        }

        Map<String, TorchCheckpointStorage> storages = objects.storages();
        Map<String, Long> offsets = new HashMap<>();
        long position = pickles.position();
        for (Object key : (List<?>) keys) {
            TorchCheckpointStorage storage = key instanceof String ? storages.get(key) : null;
            if (storage == null) {
                throw new WeightFormatException(file, "storage key list names a storage the pickle never references");
            }
            if (offsets.containsKey(storage.key())) {
                throw new WeightFormatException(file, "storage key list names " + storage + " twice");
            }
            if (fileLength - position < 8) {
                throw new WeightFormatException(file, "file ends at " + fileLength + " before the element count of "
                        + storage);
            }
            long count = bytes.region(position, 8).getLong(0);
            if (count != storage.numel()) {
                throw new WeightFormatException(file, "element count " + count + " at byte " + position
                        + " does not match " + storage);
            }
            position += 8;
            if (storage.byteSize() > fileLength - position) {
                throw new WeightFormatException(file, storage + " needs " + storage.byteSize() + " bytes at "
                        + position + " but the file ends at " + fileLength + " (truncated)");
            }
            offsets.put(storage.key(), position);
            position += storage.byteSize();
        }
        for (TorchCheckpointStorage s : storages.values()) {
            if (!offsets.containsKey(s.key())) {
                throw new WeightFormatException(file, s + " is referenced but has no data in the file");
            }
        }
        return new TorchCheckpointContent(root, offsets);
    }

    private static TorchCheckpointObjects plain(Path file, String label, long fileLength) {
        return new TorchCheckpointObjects(file, label, TorchCheckpointObjects.PersistentIds.NONE, fileLength);
    }

    /** Consecutive pickles in one buffer, each bounded to {@link TorchCheckpointZipReader#MAX_PICKLE_BYTES}. */
    private static final class PickleSequence {
        private final Path file;
        private final ByteBuffer bytes;
        private int position;

        PickleSequence(Path file, ByteBuffer bytes) {
            this.file = file;
            this.bytes = bytes;
        }

        Object next(String label, PickleObjectFactory factory) {
            int length = (int) Math.min(bytes.limit() - position, TorchCheckpointZipReader.MAX_PICKLE_BYTES);
            ByteBuffer slice = bytes.slice(position, length);
            PickleMachine machine = new PickleMachine(file, label, slice, factory);
            Object value = machine.run();
            position += machine.consumed();
            return value;
        }

        long position() {
            return position;
        }
    }
}
