package dev.faceanon.djl.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class ContentHashTest {
    private static byte[] digest(ContentHash h, byte[] content) {
        MessageDigest d = h.newDigest(content.length);
        d.update(content);
        return d.digest();
    }

    @Test
    void lfsEtagIsTheSha256() {
        // FIPS 180-2 test vector for "abc".
        ContentHash h = ContentHash.ofHubEtag("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD");
        assertEquals(ContentHash.Kind.SHA256, h.kind());
        assertTrue(h.matches(digest(h, "abc".getBytes(StandardCharsets.US_ASCII))));
        assertFalse(h.matches(digest(h, "abd".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void gitEtagIsTheBlobId() {
        // `printf 'hello\n' | git hash-object --stdin`
        ContentHash h = ContentHash.ofHubEtag("ce013625030ba8dba906f756967f9e9ca394464a");
        assertEquals(ContentHash.Kind.GIT_BLOB_SHA1, h.kind());
        assertTrue(h.matches(digest(h, "hello\n".getBytes(StandardCharsets.US_ASCII))));
        assertThrows(IllegalArgumentException.class, () -> h.newDigest(-1));
    }

    @Test
    void torchHubPrefixConvention() {
        ContentHash h = ContentHash.ofSha256Prefix("ba7816bf8f");
        assertTrue(h.matches(digest(h, "abc".getBytes(StandardCharsets.US_ASCII))));
        assertFalse(h.matches(digest(h, "abd".getBytes(StandardCharsets.US_ASCII))));
        assertThrows(IllegalArgumentException.class, () -> ContentHash.ofSha256Prefix("ba78"));
    }

    @Test
    void etagsThatCannotBeVerifiedOrUsedAsFileNamesAreRefused() {
        for (String e : new String[] {"", "abc", "../../etc/passwd", "W/\"x\"", "g".repeat(64)}) {
            assertThrows(IllegalArgumentException.class, () -> ContentHash.ofHubEtag(e), e);
        }
        assertEquals("abc", HubFileMetadata.normalizeEtag("W/\"ABC\""));
        assertEquals("abc", HubFileMetadata.normalizeEtag("\"abc\""));
    }

    @Test
    void diskFullIsRecognisedFromTheOsMessage() {
        assertTrue(DiskSpace.isDiskFull(new IOException("No space left on device")));
        assertTrue(DiskSpace.isDiskFull(new IOException("write failed", new IOException("Disk quota exceeded"))));
        assertFalse(DiskSpace.isDiskFull(new IOException("Connection reset")));
    }

    @Test
    void backoffDoublesUpToItsBound() {
        RetryPolicy p = new RetryPolicy(6, java.time.Duration.ofMillis(500), java.time.Duration.ofSeconds(3));
        assertEquals(500, p.backoff(1).toMillis());
        assertEquals(1000, p.backoff(2).toMillis());
        assertEquals(2000, p.backoff(3).toMillis());
        assertEquals(3000, p.backoff(4).toMillis());
        assertEquals(3000, p.backoff(40).toMillis());
    }
}
