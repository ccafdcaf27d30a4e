package dev.faceanon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ModelOptionsTest {

    @Test
    void defaultsAndValidValues() {
        ModelOptions d = ModelOptions.builder().build();
        assertTrue(d.directory().isEmpty());
        assertEquals(Precision.AUTO, d.precision());
        assertEquals("auto", d.device());
        assertTrue(d.allowDownload());
        assertTrue(d.identityAudit(), "the identity audit is on unless switched off");
        assertEquals(false, ModelOptions.builder().identityAudit(false).build().identityAudit());
        assertEquals(512, d.imageSize());
        ModelOptions o = ModelOptions.builder().directory(Path.of("m")).device("gpu:1").precision(Precision.FLOAT16)
                .imageSize(128).allowDownload(false).build();
        assertEquals(Path.of("m"), o.directory().orElseThrow());
        assertEquals("gpu:1", o.device());
        assertEquals(128, o.imageSize());
        for (String ok : new String[] {"cpu", "gpu", "gpu:0", "auto"}) {
            assertEquals(ok, ModelOptions.builder().device(ok).build().device());
        }
    }

    @Test
    void badValuesFailNamingTheField() {
        ModelOptions.Builder b = ModelOptions.builder();
        for (String bad : new String[] {"cuda", "gpu:", "gpu:x", "GPU", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.device(bad));
            assertTrue(e.getMessage().startsWith("device "), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> b.device(null));
        for (int bad : new int[] {0, 56, 100, 4096}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.imageSize(bad));
            assertTrue(e.getMessage().startsWith("imageSize "), e.getMessage());
        }
        assertThrows(NullPointerException.class, () -> b.directory(null));
        assertThrows(NullPointerException.class, () -> b.precision(null));
        assertThrows(NullPointerException.class, () -> b.variant(null));
        assertThrows(NullPointerException.class, () -> b.downloadListener(null));
        for (int bad : new int[] {0, 63, 16385}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.detectionSize(bad));
            assertTrue(e.getMessage().startsWith("detectionSize "), e.getMessage());
        }
    }

    @Test
    void theImageSizeDefaultsToTheVariantsOwn() {
        assertEquals(512, ModelOptions.builder().build().imageSize());
        assertEquals(128, ModelOptions.builder().variant(ModelVariant.TINY_RANDOM).build().imageSize());
        assertEquals(256, ModelOptions.builder().imageSize(256).variant(ModelVariant.TINY_RANDOM).build().imageSize());
        assertEquals(ModelVariant.PUBLISHED, ModelOptions.builder().build().variant());
        assertEquals(1600, ModelOptions.builder().build().detectionSize());
        assertEquals(640, ModelOptions.builder().detectionSize(640).build().detectionSize());
        assertEquals(DownloadProgressListener.NONE, ModelOptions.builder().build().downloadListener());
    }

    @Test
    void callOptionsRejectNulls() {
        CallOptions.Builder b = CallOptions.builder();
        assertThrows(NullPointerException.class, () -> b.progress(null));
        assertThrows(NullPointerException.class, () -> b.cancellation(null));
        assertThrows(NullPointerException.class, () -> b.noise(null));
        assertTrue(CallOptions.defaults().noise().isEmpty());
    }
}
