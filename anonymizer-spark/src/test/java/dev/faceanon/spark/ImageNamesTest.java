package dev.faceanon.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.FaceAnonException;
import org.junit.jupiter.api.Test;

/** Names are paths under the root, whatever scheme and authority the paths and the root carry. */
class ImageNamesTest {

    @Test
    void namesAreRelativeToTheRootWithoutSchemeOrAuthority() {
        for (String root : new String[] {"/photos", "/photos/", "file:/photos", "file:///photos"}) {
            ImageNames names = new ImageNames(root);
            assertEquals("a.jpg", names.nameOf("file:/photos/a.jpg"), root);
            assertEquals("sub/b c.jpg", names.nameOf("file:/photos/sub/b c.jpg"), root);
        }
        assertEquals("2024/x.png", new ImageNames("hdfs://nn:8020/data").nameOf("hdfs://nn:8020/data/2024/x.png"));
        assertEquals("x.png", new ImageNames("/data").nameOf("s3a://bucket/data/x.png"));
    }

    @Test
    void withoutARootTheNameIsTheWholePath() {
        assertEquals("file:/photos/a.jpg", new ImageNames(null).nameOf("file:/photos/a.jpg"));
        assertEquals("file:/photos/a.jpg", new ImageNames("").nameOf("file:/photos/a.jpg"));
    }

    @Test
    void aPathOutsideTheRootIsRefused() {
        ImageNames names = new ImageNames("/photos");
        for (String path : new String[] {"file:/photos2/a.jpg", "file:/other/a.jpg", "file:/photos"}) {
            FaceAnonException e = assertThrows(FaceAnonException.class, () -> names.nameOf(path));
            assertTrue(e.getMessage().contains("is not under the image root"), e.getMessage());
        }
    }
}
