package dev.faceanon.djl.hub;

import dev.faceanon.djl.hub.ModelDownloadException.Reason;
import dev.faceanon.djl.hub.RemoteSafetensorsHeader.Slice;
import dev.faceanon.djl.weights.SafetensorsHeader;
import dev.faceanon.djl.weights.SafetensorsLayout;
import dev.faceanon.djl.weights.TensorInfo;
import dev.faceanon.model.WeightFormatException;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches only some tensors of a remote safetensors file with HTTP range requests and writes them
 * as a smaller, valid safetensors file. Used for CLIP, whose text tower (about 0.5 GB of the 1.71 GB
 * file) the pipeline never runs.
 *
 * <p><b>Integrity trade-off.</b> The result cannot be checked against the hub's SHA-256, which covers
 * the whole remote file. What is checked instead: every response is a 206 whose {@code Content-Range}
 * names exactly the requested bytes and the published total size; every body has exactly the
 * requested length; the remote header is parsed and validated by the same rules as a local file's
 * ({@link SafetensorsHeader}: offsets inside the data section, sizes matching dtype and shape, no
 * overlaps, bounded counts) before any offset is used. On the real hub the
 * download location is content-addressed by the full file's SHA-256, so the bytes served cannot
 * belong to another version. Corruption in transit that keeps lengths intact would go unnoticed,
 * which TLS makes unlikely; the SHA-256 of the written file is recorded so that later corruption on
 * disk can be detected. Callers who need the hub's own hash on every byte disable partial fetching
 * and download the whole file.
 *
 * <p>The output is laid out by {@link SafetensorsLayout}, as the reference writer lays out a file,
 * and its bytes are written in file order: the length of a partial output file tells which remote
 * byte comes next, so an interrupted fetch resumes. Tensors that follow each other in both files are
 * fetched with one request; for a remote file written by the reference writer, a kept set of one
 * dtype is a single run.
 */
final class SafetensorsSubsetFetcher {
    private static final Logger LOG = LoggerFactory.getLogger(SafetensorsSubsetFetcher.class);
    private static final int BUFFER = 1 << 16;

    /**
     * A written subset file.
     *
     * @param path where it is
     * @param size its size in bytes
     * @param sha256 the SHA-256 of its content, lower-case hex
     * @param tensorCount how many tensors it holds
     */
    record Result(Path path, long size, String sha256, int tensorCount) {}

    private final DownloadContext ctx;

    SafetensorsSubsetFetcher(DownloadContext ctx) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
    }

    /**
     * @param url the remote file (after the hub's redirect)
     * @param headers request headers
     * @param size the published size of the remote file
     * @param keep which tensors to keep
     * @param metadata entries for the output's {@code __metadata__}
     * @param target the output file; it appears only when complete
     * @param source a descriptive stand-in path for the remote file, named in messages about its
     *     format (e.g. {@code openai/clip-vit-large-patch14@<commit>/model.safetensors})
     * @param displayName the name for progress and messages
     * @param progress where progress goes
     * @return the written file, or empty if the server does not serve byte ranges
     * @throws ModelDownloadException with {@link Reason#SERVER} and the message of the format check
     *     if the remote file is not a valid safetensors file
     */
    Optional<Result> fetch(URI url, Map<String, String> headers, long size, Predicate<String> keep,
            Map<String, String> metadata, Path target, Path source, String displayName, ProgressTracker progress) {
        Path incomplete = target.resolveSibling(target.getFileName() + ".incomplete");
        try {
            Files.createDirectories(target.getParent());
            try (BlobLock lock = BlobLock.acquire(target.resolveSibling(target.getFileName() + ".lock"))) {
                SafetensorsHeader.checkHoldsLengthPrefix(source, size);
                TransferDeadline deadline = new TransferDeadline(ctx.pace(), SafetensorsHeader.LENGTH_PREFIX_BYTES,
                        displayName);
                Optional<byte[]> prefix = readRange(url, headers, 0, SafetensorsHeader.LENGTH_PREFIX_BYTES, size,
                        displayName, deadline);
                if (prefix.isEmpty()) {
                    return Optional.empty();
                }
                long headerLength = SafetensorsHeader.headerLength(prefix.get(), source, size);
                deadline.expect(SafetensorsHeader.LENGTH_PREFIX_BYTES + headerLength);
                // An empty header is invalid, but it is the parser that says so: no range of 0 bytes exists.
                byte[] json = headerLength == 0 ? new byte[0]
                        : readRange(url, headers, SafetensorsHeader.LENGTH_PREFIX_BYTES, headerLength, size,
                                displayName, deadline).orElseThrow(() -> new ModelDownloadException(Reason.SERVER,
                                        displayName + ": the server stopped serving byte ranges"));
                List<Slice> kept = RemoteSafetensorsHeader.select(json, source, size, keep);
                if (kept.isEmpty()) {
                    throw new ModelDownloadException(Reason.SERVER, displayName + ": the remote file holds no"
                            + " tensor to keep");
                }
                List<TensorInfo> infos = new ArrayList<>();
                kept.forEach(k -> infos.add(k.info()));
                SafetensorsLayout layout = SafetensorsLayout.of(infos, metadata);
                List<Slice> slices = inDataOrder(layout, kept);
                byte[] header = layout.prefixAndHeader();
                long total = layout.fileSize();
                long have = prepare(incomplete, header, total);
                deadline.expect(SafetensorsHeader.LENGTH_PREFIX_BYTES + headerLength + total - have);
                ctx.disk().require(incomplete.getParent(), total - have, displayName);
                progress.startFile(displayName, -1, have);
                progress.learnFileSize(total);
                copySlices(url, headers, size, slices, header.length, incomplete, displayName, progress, deadline);
                String sha = ContentHash.sha256Hex(incomplete);
                HubCache.moveAtomically(incomplete, target);
                progress.finishFile();
                return Optional.of(new Result(target, total, sha, slices.size()));
            }
        } catch (WeightFormatException e) {
            throw new ModelDownloadException(Reason.SERVER, e.getMessage(), e);
        } catch (TransferDeadline.Exceeded | TransferDeadline.TooSlow e) {
            // A trickling server's bytes are not worth resuming.
            deleteQuietly(incomplete);
            throw new ModelDownloadException(Reason.NETWORK, "Cannot fetch " + displayName + ": " + e.getMessage()
                    + ". Nothing of it was kept.", e);
        } catch (IOException e) {
            if (DiskSpace.isDiskFull(e)) {
                throw ctx.disk().full(target.getParent(), -1, displayName, e);
            }
            throw new ModelDownloadException(Reason.NETWORK, "Cannot fetch " + displayName + ": "
                    + DownloadContext.reasonOf(e), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", file, e.toString());
        }
    }

    /** @return the kept slices in the order the layout puts their data */
    private static List<Slice> inDataOrder(SafetensorsLayout layout, List<Slice> kept) {
        Map<String, Slice> byName = new HashMap<>();
        kept.forEach(k -> byName.put(k.info().name(), k));
        List<Slice> ordered = new ArrayList<>(kept.size());
        for (SafetensorsHeader.Entry e : layout.entries()) {
            ordered.add(byName.get(e.info().name()));
        }
        return ordered;
    }

    /** Keeps a partial output only if it starts with exactly this header; returns the bytes to keep. */
    private static long prepare(Path incomplete, byte[] header, long total) throws IOException {
        long have = ResumableDownloader.sizeOf(incomplete);
        if (have >= header.length && have <= total) {
            byte[] start = new byte[header.length];
            try (FileChannel ch = FileChannel.open(incomplete, StandardOpenOption.READ)) {
                ByteBuffer b = ByteBuffer.wrap(start);
                while (b.hasRemaining() && ch.read(b) >= 0) {
                    // fill the buffer
                }
            }
            if (Arrays.equals(start, header)) {
                return have;
            }
        }
        try (FileChannel ch = FileChannel.open(incomplete, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(header);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
        return header.length;
    }

    /**
     * Copies the slices' bytes after the header, in the given order (the output's), resuming at the
     * partial file's length.
     */
    private void copySlices(URI url, Map<String, String> headers, long size, List<Slice> slices, long headerLength,
            Path incomplete, String displayName, ProgressTracker progress, TransferDeadline deadline)
            throws IOException {
        long outStart = headerLength;
        int i = 0;
        while (i < slices.size()) {
            // Adjacent tensors form one run, fetched with one request.
            int j = i;
            while (j + 1 < slices.size() && slices.get(j + 1).begin() == slices.get(j).end()) {
                j++;
            }
            long runBegin = slices.get(i).begin();
            long runLength = slices.get(j).end() - runBegin;
            long outEnd = outStart + runLength;
            int failures = 0;
            long have;
            while ((have = ResumableDownloader.sizeOf(incomplete)) < outEnd) {
                long from = runBegin + (have - outStart);
                try {
                    progress.resumeAfterPause();
                    deadline.check();
                    appendRange(url, headers, from, runBegin + runLength - 1, size, incomplete, displayName, progress,
                            deadline);
                } catch (IOException e) {
                    if (e instanceof TransferDeadline.Exceeded || DiskSpace.isDiskFull(e)
                            || ++failures >= ctx.retry().maxAttempts()) {
                        throw e;
                    }
                    LOG.info("{}: connection failed ({}); resuming ({}/{})", displayName, e.getMessage(),
                            failures + 1, ctx.retry().maxAttempts());
                    ctx.retry().sleep(failures);
                }
            }
            outStart = outEnd;
            i = j + 1;
        }
    }

    private void appendRange(URI url, Map<String, String> headers, long from, long to, long size, Path incomplete,
            String displayName, ProgressTracker progress, TransferDeadline deadline) throws IOException {
        try (HubHttp.Body r = ctx.http().get(url, headers, from, to)) {
            checkPartial(r, from, to, size, displayName);
            long want = to - from + 1;
            long got = DownloadContext.append(deadline.guard(r.body()), incomplete, want,
                    (buf, n) -> progress.advance(n));
            if (got < want) {
                throw new IOException("connection closed after " + got + " of " + want + " bytes");
            }
        }
    }

    /** Reads a small range fully; empty if the server answers the whole file instead (no range support). */
    private Optional<byte[]> readRange(URI url, Map<String, String> headers, long from, long length, long size,
            String displayName, TransferDeadline deadline) throws IOException {
        int failures = 0;
        while (true) {
            deadline.check();
            try (HubHttp.Body r = ctx.http().get(url, headers, from, from + length - 1)) {
                if (r.status() == 200) {
                    return Optional.empty();
                }
                checkPartial(r, from, from + length - 1, size, displayName);
                byte[] out = deadline.guard(r.body()).readNBytes((int) length);
                if (out.length != length) {
                    throw new IOException("connection closed after " + out.length + " of " + length + " bytes");
                }
                return Optional.of(out);
            } catch (IOException e) {
                if (e instanceof TransferDeadline.Exceeded || ++failures >= ctx.retry().maxAttempts()) {
                    throw e;
                }
                ctx.retry().sleep(failures);
            }
        }
    }

    private void checkPartial(HubHttp.Body r, long from, long to, long size, String displayName)
            throws IOException {
        if (HttpErrors.isTransient(r.status())) {
            throw new IOException("HTTP " + r.status());
        }
        if (r.status() >= 400) {
            throw HttpErrors.forStatus(r.status(), r.headers(), r.uri(), null, null, false, ctx.endpoint());
        }
        if (r.status() != 206) {
            throw new ModelDownloadException(Reason.SERVER, displayName + ": expected HTTP 206 for bytes " + from
                    + "-" + to + ", got HTTP " + r.status());
        }
        Optional<ResponseHeaders.ContentRange> range = r.headers().contentRange();
        if (!range.equals(Optional.of(new ResponseHeaders.ContentRange(from, to, size)))) {
            throw new ModelDownloadException(Reason.SERVER, displayName + ": the server answered "
                    + range.map(c -> "bytes " + c.first() + "-" + c.last() + "/" + (c.total() < 0 ? "*" : c.total()))
                            .orElse("without a Content-Range") + " when asked for bytes " + from + "-" + to + "/"
                    + size + "; the remote file changed or the server is faulty.");
        }
    }
}
