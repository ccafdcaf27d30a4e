package dev.faceanon.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** The documented derivation, against values computed outside Java (Python's hashlib and struct). */
class ImageSeedsTest {

    @Test
    void theSeedIsTheDocumentedDigest() {
        // int.from_bytes(sha256(struct.pack('>q', seed) + name.encode('utf-8')).digest()[:8], 'big', signed=True)
        assertEquals(-1041593196296074621L, ImageSeeds.of(42, "sub/a.png"));
        assertEquals(-4649988844850698242L, ImageSeeds.of(-1, "photo.png"));
        assertEquals(6828696898688268012L, ImageSeeds.of(0, "\u00e9/\u00fc.jpg"));
    }

    @Test
    void namesOfTheSameFileGetTheSameSeedAndOthersAnother() {
        long seed = ImageSeeds.of(42, "sub/a.png");
        assertEquals(seed, ImageSeeds.of(42, "./sub/a.png"));
        assertEquals(seed, ImageSeeds.of(42, "sub\\a.png"));
        assertEquals(seed, ImageSeeds.of(42, "sub//a.png"));
        assertNotEquals(seed, ImageSeeds.of(42, "sub/b.png"));
        assertNotEquals(seed, ImageSeeds.of(43, "sub/a.png"));
        assertNotEquals(seed, ImageSeeds.of(42, "Sub/a.png"), "names are case-sensitive, as most file systems are");
    }
}
