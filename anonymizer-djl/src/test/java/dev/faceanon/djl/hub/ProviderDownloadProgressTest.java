package dev.faceanon.djl.hub;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.FaceAnonException;
import dev.faceanon.ModelOptions;
import dev.faceanon.djl.pipeline.DjlBackendProvider;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code FaceModels.load} reports the first run's downloads to {@link ModelOptions#downloadListener()}:
 * the provider fetches the (stand-in) published files from a local hub with the caller's listener.
 */
class ProviderDownloadProgressTest {

    @Test
    void theOptionsListenerHearsTheDownloadsOfOpen(@TempDir Path tmp) throws Exception {
        try (FakeHub hub = new FakeHub()) {
            new TestModels().serve(hub);
            RecordingListener listener = new RecordingListener();
            DjlBackendProvider provider = new DjlBackendProvider(TestModels.settings(hub.endpoint(), tmp, Map.of()));
            ModelOptions options = ModelOptions.builder().device("cpu").downloadListener(listener).build();

            // The stand-ins are not loadable networks: loading fails after the download, which is what is tested.
            assertThrows(FaceAnonException.class, () -> provider.open(options).close());

            assertTrue(listener.finished.stream().anyMatch(
                    p -> p.file().endsWith("unet/diffusion_pytorch_model.safetensors")), listener.finished.toString());
            assertTrue(listener.finished.stream().anyMatch(p -> p.file().endsWith("vae/config.json")));
            assertTrue(!listener.all.isEmpty(), "no final event");
        }
    }
}
