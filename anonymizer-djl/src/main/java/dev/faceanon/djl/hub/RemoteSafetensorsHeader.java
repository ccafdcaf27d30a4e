package dev.faceanon.djl.hub;

import dev.faceanon.djl.weights.SafetensorsHeader;
import dev.faceanon.djl.weights.TensorInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Picks the tensors to fetch from the header of a safetensors file read over the network. The
 * header is validated by the weights package's {@link SafetensorsHeader} against the file size the
 * hub published, exactly as a local file's header is, before any of its offsets is used to request
 * data: the server is untrusted.
 */
final class RemoteSafetensorsHeader {

    /**
     * One tensor kept from the remote file.
     *
     * @param info name, dtype and shape
     * @param begin offset of its data in the remote file (absolute, header included), for a
     *     range request
     * @param end offset just past its data
     */
    record Slice(TensorInfo info, long begin, long end) {
        long length() {
            return end - begin;
        }
    }

    private RemoteSafetensorsHeader() {}

    /**
     * Parses and validates the header and returns the tensors to keep.
     *
     * @param json the JSON header bytes, as long as the length prefix said
     * @param source a descriptive stand-in path for the remote file, named in errors
     * @param fileSize the published file size
     * @param keep which tensor names to keep
     * @return the kept tensors, in header order
     * @throws dev.faceanon.model.WeightFormatException if the header is not valid for a file of
     *     that size
     */
    static List<Slice> select(byte[] json, Path source, long fileSize, Predicate<String> keep) {
        long dataStart = SafetensorsHeader.LENGTH_PREFIX_BYTES + (long) json.length;
        SafetensorsHeader header;
        try {
            header = SafetensorsHeader.parse(new ByteArrayInputStream(json), source, fileSize - dataStart);
        } catch (IOException e) {
            throw new UncheckedIOException("reading a byte array cannot fail", e);
        }
        List<Slice> kept = new ArrayList<>();
        for (SafetensorsHeader.Entry e : header.entries()) {
            if (keep.test(e.info().name())) {
                kept.add(new Slice(e.info(), dataStart + e.begin(), dataStart + e.end()));
            }
        }
        return kept;
    }
}
