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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads one file reliably into place:
 *
 * <ol>
 *   <li>takes the file's lock, so that two processes never write the same partial file;
 *   <li>appends to {@code <file>.incomplete}, resuming with an HTTP Range from its length (a server
 *       that answers 200 instead of 206 restarts the file, 416 means the part is already whole);
 *   <li>retries cut or stalled connections with bounded back-off, each retry resuming;
 *   <li>computes the hash while writing and compares it with the published one: a mismatch deletes
 *       the partial file (after one fresh retry if the file had been resumed, since a resumed part may
 *       come from other content);
 *   <li>renames the verified file atomically into place, so a file at the destination is always
 *       complete.
 * </ol>
 *
 * Disk space is checked against the published size before the transfer, and a write that fails for
 * lack of space is reported as such; the partial file is kept so that the next run resumes.
 */
final class ResumableDownloader {
    private static final Logger LOG = LoggerFactory.getLogger(ResumableDownloader.class);
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
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
     * @throws ModelDownloadException if the file cannot be obtained; the message says why
     */
    void download(DownloadTarget t, ProgressTracker progress) {
        try {
            Files.createDirectories(t.incomplete().getParent());
            try (BlobLock lock = BlobLock.acquire(t.lock())) {
                if (Files.isRegularFile(t.destination())) {
                    return;
                }
                new Transfer(t, progress).run();
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

        Transfer(DownloadTarget t, ProgressTracker progress) {
            this.t = t;
            this.progress = progress;
            this.expected = t.expectedSize();
        }

        void run() throws IOException {
            long have = sizeOf(t.incomplete());
            progress.startFile(t.displayName(), expected, expected < 0 ? have : Math.min(have, expected));
            while (true) {
                have = sizeOf(t.incomplete());
                if (expected >= 0 && have > expected) {
                    truncate(0);
                    have = 0;
                }
                checkSpace(have);
                resumed |= have > 0;
                boolean complete;
                try {
                    complete = attempt(have);
                } catch (IOException e) {
                    if (DiskSpace.isDiskFull(e)) {
                        throw ctx.disk().full(t.incomplete().getParent(),
                                expected < 0 ? -1 : expected - sizeOf(t.incomplete()), t.displayName(), e);
                    }
                    failed("the connection failed after " + (sizeOf(t.incomplete()) - have) + " bytes: "
                            + e.getMessage(), Reason.NETWORK, e);
                    continue;
                }
                if (!complete) {
                    continue;
                }
                if (verifyAndMove()) {
                    progress.finishFile();
                    return;
                }
            }
        }

        /** @return true if the partial file now holds the whole body, false to try again */
        private boolean attempt(long have) throws IOException {
            progress.resumeAfterPause();
            try (HubHttp.Body r = ctx.http().get(t.url(), t.headers(), have, -1)) {
                int status = r.status();
                if (status == 416) {
                    if (expected >= 0 && have == expected) {
                        return true;
                    }
                    LOG.info("{}: server refused to resume at byte {}; restarting", t.displayName(), have);
                    truncate(0);
                    failed("the server refused to resume (HTTP 416)", Reason.SERVER, null);
                    return false;
                }
                if (status == 200) {
                    if (have > 0) {
                        LOG.info("{}: server ignored the range request; restarting from byte 0", t.displayName());
                        truncate(0);
                        have = 0;
                    }
                    long length = r.headers().firstValueAsLong("Content-Length").orElse(-1);
                    checkAnnouncedSize(length);
                } else if (status == 206) {
                    if (!rangeMatches(r, have)) {
                        truncate(0);
                        failed("the server sent a range that does not continue the partial file", Reason.SERVER,
                                null);
                        return false;
                    }
                } else if (HttpErrors.isTransient(status)) {
                    failed("the server answered HTTP " + status, Reason.SERVER, null);
                    return false;
                } else {
                    throw HttpErrors.forStatus(status, r.headers(), t.url(), t.repo(), t.path(),
                            t.headers().containsKey("Authorization"), ctx.endpoint());
                }
                long declared = r.headers().firstValueAsLong("Content-Length").orElse(-1);
                long received = append(r.body(), have);
                if (declared >= 0 && received < declared) {
                    throw new IOException("connection closed after " + received + " of " + declared + " bytes");
                }
                long now = sizeOf(t.incomplete());
                if (expected >= 0 && now != expected) {
                    if (now > expected) {
                        truncate(0);
                    }
                    failed("the transfer ended at byte " + now + " of " + expected, Reason.NETWORK, null);
                    return false;
                }
                return true;
            }
        }

        private void checkAnnouncedSize(long length) {
            if (expected >= 0 && length >= 0 && length != expected) {
                throw new ModelDownloadException(Reason.SERVER, t.displayName() + ": the server sends " + length
                        + " bytes but " + expected + " were published; the file changed on the server or a"
                        + " proxy alters it. Retry later or pin the revision you expect.");
            }
            if (expected < 0 && length >= 0) {
                expected = length;
                progress.learnFileSize(length);
                checkSpace(0);
            }
        }

        private boolean rangeMatches(HubHttp.Body r, long have) {
            Matcher m = CONTENT_RANGE.matcher(r.headers().firstValue("Content-Range").orElse(""));
            if (!m.matches() || Long.parseLong(m.group(1)) != have) {
                return false;
            }
            if (!m.group(3).equals("*")) {
                long total = Long.parseLong(m.group(3));
                if (expected < 0) {
                    expected = total;
                    progress.learnFileSize(total);
                    checkSpace(have);
                }
                return total == expected && Long.parseLong(m.group(2)) == total - 1;
            }
            return true;
        }

        /** Appends the body, hashing as it goes; returns the bytes received. */
        private long append(InputStream body, long have) throws IOException {
            ensureDigest(have);
            long limit = expected >= 0 ? expected - have : Long.MAX_VALUE;
            long received = DownloadContext.append(body, t.incomplete(), limit, (buf, n) -> {
                digest.update(buf, 0, n);
                digested += n;
                progress.advance(n);
            });
            if (received == limit && body.read() >= 0) {
                throw new ModelDownloadException(Reason.SERVER, t.displayName() + ": the server sends more than the "
                        + expected + " published bytes; refusing the file.");
            }
            return received;
        }

        /** Makes the running digest cover exactly the partial file's current bytes. */
        private void ensureDigest(long have) throws IOException {
            if (digest != null && digested == have) {
                return;
            }
            if (t.hash().kind() == ContentHash.Kind.GIT_BLOB_SHA1 && expected < 0) {
                throw new ModelDownloadException(Reason.SERVER, t.displayName() + ": the server gave no size,"
                        + " so its git blob id cannot be checked.");
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

        /** @return true if verified and in place, false to download again from scratch */
        private boolean verifyAndMove() throws IOException {
            long have = sizeOf(t.incomplete());
            ensureDigest(have);
            byte[] actual = digest.digest();
            digest = null;
            if (t.hash().matches(actual)) {
                Files.createDirectories(t.destination().getParent());
                HubCache.moveAtomically(t.incomplete(), t.destination());
                return true;
            }
            Files.deleteIfExists(t.incomplete());
            String got = HexFormat.of().formatHex(actual);
            if (resumed && !freshRetryDone) {
                freshRetryDone = true;
                resumed = false;
                LOG.warn("{}: hash mismatch after a resumed download (got {}); downloading it again from scratch",
                        t.displayName(), got);
                progress.rewind(0);
                return false;
            }
            throw new ModelDownloadException(Reason.CHECKSUM_MISMATCH, t.displayName() + ": the downloaded content"
                    + " does not match the published " + t.hash() + " (got " + got + "). The corrupt download was"
                    + " deleted and nothing was cached. Retry; if it happens again, a proxy or mirror (check"
                    + " HF_ENDPOINT) is altering the data.");
        }

        private void failed(String what, Reason reason, Throwable cause) {
            failures++;
            if (failures >= ctx.retry().maxAttempts()) {
                throw new ModelDownloadException(reason, "Giving up on " + t.displayName() + " after " + failures
                        + " attempts: " + what + ". The partial download is kept in " + t.incomplete()
                        + " and the next run resumes it. Check the network (and the proxy), or provide the"
                        + " files locally.", cause);
            }
            LOG.info("{}: {}; retrying ({}/{})", t.displayName(), what, failures + 1, ctx.retry().maxAttempts());
            ctx.retry().sleep(failures);
            progress.rewind(sizeOf(t.incomplete()));
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
