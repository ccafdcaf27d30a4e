package dev.faceanon.djl.hub;

import dev.faceanon.djl.hub.ModelDownloadException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads one file reliably into place:
 *
 * <ol>
 *   <li>takes the file's lock, so that two processes never write the same partial file;
 *   <li>appends to {@code <file>.incomplete}, resuming with an HTTP Range from its length (a server
 *       that answers 200 instead of 206 restarts the file, 416 means the part is already whole);
 *   <li>retries cut, stalled or too slow connections with bounded back-off, each retry resuming;
 *   <li>never takes more bytes than the file may have (its published size, or the bound of a file whose
 *       size is not published): a server announcing or sending more is refused at once;
 *   <li>gives the whole transfer, retries included, a deadline derived from its size
 *       ({@link DownloadPace});
 *   <li>computes the hash while writing and compares it with the published one: a mismatch deletes
 *       the partial file (after one fresh retry if the file had been resumed, since a resumed part may
 *       come from other content);
 *   <li>renames the verified file atomically into place, so a file at the destination is always
 *       complete.
 * </ol>
 *
 * Disk space is checked against the published size before the transfer, and a write that fails for
 * lack of space is reported as such; the partial file is kept so that the next run resumes, as it is
 * after a connection kept failing. A transfer refused (more bytes than allowed, a response that breaks
 * the protocol) or given up for slowness leaves no partial file.
 */
final class ResumableDownloader {
    private static final Logger LOG = LoggerFactory.getLogger(ResumableDownloader.class);
    private static final int BUFFER = 1 << 16;

    private final DownloadContext ctx;

    ResumableDownloader(DownloadContext ctx) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
    }

    /**
     * Fetches the target unless its destination already exists.
     *
     * @param t what to fetch
     * @param progress where progress goes
     * @return the SHA-256 of the verified content, lower-case hex, if it was downloaded now and its
     *     hash is a SHA-256 (not a git blob id)
     * @throws ModelDownloadException if the file cannot be obtained; the message says why
     */
    Optional<String> download(DownloadTarget t, ProgressTracker progress) {
        try {
            Files.createDirectories(t.incomplete().getParent());
            try (BlobLock lock = BlobLock.acquire(t.lock())) {
                if (Files.isRegularFile(t.destination())) {
                    return Optional.empty();
                }
                return new Transfer(t, progress).run();
            }
        } catch (IOException e) {
            if (DiskSpace.isDiskFull(e)) {
                throw ctx.disk().full(t.incomplete().getParent(), t.expectedSize(), t.displayName(), e);
            }
            throw new ModelDownloadException(Reason.NETWORK, "Cannot store " + t.displayName() + " in "
                    + t.incomplete().getParent() + ": " + e.getMessage(), e);
        }
    }

    /** The state of one file's download across its attempts. */
    private final class Transfer {
        private final DownloadTarget t;
        private final ProgressTracker progress;
        private long expected;
        private MessageDigest digest;
        private long digested;
        private boolean resumed;
        private boolean freshRetryDone;
        private int failures;
        private TransferDeadline deadline;

        Transfer(DownloadTarget t, ProgressTracker progress) {
            this.t = t;
            this.progress = progress;
            this.expected = t.expectedSize();
        }

        /** @return the most bytes the file may have: its size once known, else the target's bound */
        private long bound() {
            return expected >= 0 ? expected : t.maxSize();
        }

        Optional<String> run() throws IOException {
            long have = sizeOf(t.incomplete());
            if (have > bound()) {
                truncate(0);
                have = 0;
            }
            deadline = new TransferDeadline(ctx.pace(), bound() - have, t.displayName());
            progress.startFile(t.displayName(), expected, expected < 0 ? have : Math.min(have, expected));
            while (true) {
                have = sizeOf(t.incomplete());
                if (have > bound()) {
                    truncate(0);
                    have = 0;
                }
                checkSpace(have);
                resumed |= have > 0;
                boolean complete;
                try {
                    deadline.check();
                    complete = attempt(have);
                } catch (TransferDeadline.Exceeded e) {
                    throw refuse(Reason.NETWORK, e.getMessage(), e);
                } catch (TransferDeadline.TooSlow e) {
                    failed(e.getMessage(), Reason.NETWORK, e, false);
                    continue;
                } catch (IOException e) {
                    if (DiskSpace.isDiskFull(e)) {
                        throw ctx.disk().full(t.incomplete().getParent(),
                                expected < 0 ? -1 : expected - sizeOf(t.incomplete()), t.displayName(), e);
                    }
                    failed("the connection failed after " + (sizeOf(t.incomplete()) - have) + " bytes: "
                            + DownloadContext.reasonOf(e), Reason.NETWORK, e, true);
                    continue;
                }
                if (!complete) {
                    continue;
                }
                Optional<String> sha = verifyAndMove();
                if (sha != null) {
                    progress.finishFile();
                    return sha;
                }
            }
        }

        /** @return true if the partial file now holds the whole body, false to try again */
        private boolean attempt(long have) throws IOException {
            progress.resumeAfterPause();
            try (HubHttp.Body r = ctx.http().get(t.url(), t.headers(), have, -1)) {
                int status = r.status();
                OptionalLong declared;
                Optional<ResponseHeaders.ContentRange> range;
                try {
                    declared = r.headers().size("Content-Length");
                    range = status == 206 ? r.headers().contentRange() : Optional.empty();
                } catch (ModelDownloadException e) {
                    throw refuse(e.reason(), e.getMessage(), e);
                }
                if (status == 416) {
                    if (expected >= 0 && have == expected) {
                        return true;
                    }
                    LOG.info("{}: server refused to resume at byte {}; restarting", t.displayName(), have);
                    truncate(0);
                    failed("the server refused to resume (HTTP 416)", Reason.SERVER, null, true);
                    return false;
                }
                if (status == 200) {
                    if (have > 0) {
                        LOG.info("{}: server ignored the range request; restarting from byte 0", t.displayName());
                        truncate(0);
                        have = 0;
                    }
                    if (declared.isPresent()) {
                        learnSize(declared.getAsLong(), "announces");
                    }
                } else if (status == 206) {
                    if (!rangeMatches(range, have)) {
                        truncate(0);
                        failed("the server sent a range that does not continue the partial file", Reason.SERVER,
                                null, true);
                        return false;
                    }
                } else if (HttpErrors.isTransient(status)) {
                    failed("the server answered HTTP " + status, Reason.SERVER, null, true);
                    return false;
                } else {
                    throw HttpErrors.forStatus(status, r.headers(), t.url(), t.repo(), t.path(),
                            t.headers().containsKey("Authorization"), ctx.endpoint());
                }
                long received = append(deadline.guard(r.body()), have);
                if (declared.isPresent() && received < declared.getAsLong()) {
                    throw new IOException("connection closed after " + received + " of " + declared.getAsLong()
                            + " bytes");
                }
                long now = sizeOf(t.incomplete());
                if (expected >= 0 && now != expected) {
                    failed("the transfer ended at byte " + now + " of " + expected, Reason.NETWORK, null, true);
                    return false;
                }
                return true;
            }
        }

        /** Takes a size the server states (a Content-Length or a Content-Range total) into account. */
        private void learnSize(long size, String how) throws IOException {
            if (expected >= 0 && size != expected) {
                throw refuse(Reason.SERVER, t.displayName() + ": the server " + how + " " + size + " bytes but "
                        + expected + " were published; the file changed on the server or a proxy alters it. Retry"
                        + " later or pin the revision you expect.", null);
            }
            if (expected < 0) {
                if (size > t.maxSize()) {
                    throw refuse(Reason.SERVER, t.displayName() + ": the server " + how + " " + size + " bytes,"
                            + " more than the " + t.maxSize() + " bytes this file may have; refusing it.", null);
                }
                expected = size;
                deadline.expect(size);
                progress.learnFileSize(size);
                checkSpace(0);
            }
        }

        private boolean rangeMatches(Optional<ResponseHeaders.ContentRange> range, long have) throws IOException {
            if (range.isEmpty() || range.get().first() != have) {
                return false;
            }
            long total = range.get().total();
            if (total >= 0) {
                learnSize(total, "names a total of");
                return range.get().last() == total - 1;
            }
            return true;
        }

        /** Appends the body, hashing as it goes; returns the bytes received. */
        private long append(InputStream body, long have) throws IOException {
            ensureDigest(have);
            long limit = bound() - have;
            long received = DownloadContext.append(body, t.incomplete(), limit, (buf, n) -> {
                digest.update(buf, 0, n);
                digested += n;
                progress.advance(n);
            });
            if (received == limit && body.read() >= 0) {
                throw refuse(Reason.SERVER, t.displayName() + ": the server sends more than the " + bound() + " bytes"
                        + (expected >= 0 ? " published" : " this file may have") + "; refusing the file.", null);
            }
            return received;
        }

        /** Makes the running digest cover exactly the partial file's current bytes. */
        private void ensureDigest(long have) throws IOException {
            if (digest != null && digested == have) {
                return;
            }
            if (t.hash().kind() == ContentHash.Kind.GIT_BLOB_SHA1 && expected < 0) {
                throw refuse(Reason.SERVER, t.displayName() + ": the server gave no size, so its git blob id cannot"
                        + " be checked.", null);
            }
            digest = t.hash().newDigest(expected);
            digested = 0;
            if (have > 0) {
                try (InputStream in = Files.newInputStream(t.incomplete())) {
                    byte[] buf = new byte[BUFFER];
                    long left = have;
                    int n;
                    while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
                        digest.update(buf, 0, n);
                        left -= n;
                        digested += n;
                    }
                }
            }
        }

        /**
         * @return the SHA-256 if verified and in place (empty for a git blob id), or null to download again
         *     from scratch
         */
        private Optional<String> verifyAndMove() throws IOException {
            long have = sizeOf(t.incomplete());
            ensureDigest(have);
            byte[] actual = digest.digest();
            digest = null;
            String got = HexFormat.of().formatHex(actual);
            if (t.hash().matches(actual)) {
                Files.createDirectories(t.destination().getParent());
                HubCache.moveAtomically(t.incomplete(), t.destination());
                return t.hash().kind() == ContentHash.Kind.GIT_BLOB_SHA1 ? Optional.empty() : Optional.of(got);
            }
            Files.deleteIfExists(t.incomplete());
            if (resumed && !freshRetryDone) {
                freshRetryDone = true;
                resumed = false;
                LOG.warn("{}: hash mismatch after a resumed download (got {}); downloading it again from scratch",
                        t.displayName(), got);
                progress.rewind(0);
                return null;
            }
            throw new ModelDownloadException(Reason.CHECKSUM_MISMATCH, t.displayName() + ": the downloaded content"
                    + " does not match the published " + t.hash() + " (got " + got + "). The corrupt download was"
                    + " deleted and nothing was cached. Retry; if it happens again, a proxy or mirror (check"
                    + " HF_ENDPOINT) is altering the data.");
        }

        /**
         * Counts a failed attempt; gives up after the retry policy's bound.
         *
         * @param keepPartial whether the partial file is kept for the next run when giving up: yes after
         *     connection failures, no after slowness (a trickling server's bytes are not worth keeping)
         */
        private void failed(String what, Reason reason, Throwable cause, boolean keepPartial) throws IOException {
            failures++;
            if (failures >= ctx.retry().maxAttempts()) {
                String message = "Giving up on " + t.displayName() + " after " + failures + " attempts: " + what + ".";
                if (!keepPartial) {
                    throw refuse(reason, message + " Check the network (and the proxy), or provide the files"
                            + " locally; on a slow link lower FACEANON_DOWNLOAD_MIN_RATE.", cause);
                }
                throw new ModelDownloadException(reason, message + " The partial download is kept in "
                        + t.incomplete() + " and the next run resumes it. Check the network (and the proxy), or"
                        + " provide the files locally.", cause);
            }
            LOG.info("{}: {}; retrying ({}/{})", t.displayName(), what, failures + 1, ctx.retry().maxAttempts());
            ctx.retry().sleep(failures);
            progress.rewind(sizeOf(t.incomplete()));
        }

        /** Deletes the partial file: what it holds cannot be trusted, or is not worth resuming. */
        private ModelDownloadException refuse(Reason reason, String message, Throwable cause) throws IOException {
            Files.deleteIfExists(t.incomplete());
            digest = null;
            return new ModelDownloadException(reason, message + " Nothing of it was kept.", cause);
        }

        private void checkSpace(long have) {
            if (expected >= 0) {
                ctx.disk().require(t.incomplete().getParent(), expected - have, t.displayName());
            }
        }

        private void truncate(long size) throws IOException {
            try (FileChannel ch = FileChannel.open(t.incomplete(), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)) {
                ch.truncate(size);
            }
            digest = null;
            progress.rewind(size);
        }
    }

    static long sizeOf(Path p) {
        try {
            return Files.isRegularFile(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
