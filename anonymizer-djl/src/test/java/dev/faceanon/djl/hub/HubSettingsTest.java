package dev.faceanon.djl.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HubSettingsTest {
    private static final Path HOME = Path.of("/home/u");

    @Test
    void defaultsFollowTheHubLibrary() {
        HubSettings s = HubSettings.fromEnvironment(Map.of(), HOME);
        assertEquals(URI.create("https://huggingface.co"), s.endpoint());
        assertEquals(Path.of("/home/u/.cache/huggingface/hub"), s.hubCache());
        assertEquals(Path.of("/home/u/.cache/torch/hub/checkpoints"), s.torchCheckpoints());
        assertEquals(Path.of("/home/u/.cache/faceanon"), s.derivedCache());
        assertFalse(s.offline());
        assertEquals(Optional.empty(), s.token());
    }

    @Test
    void cacheLocationPrecedence() {
        assertEquals(Path.of("/x/huggingface/hub"),
                HubSettings.fromEnvironment(Map.of("XDG_CACHE_HOME", "/x"), HOME).hubCache());
        assertEquals(Path.of("/h/hub"),
                HubSettings.fromEnvironment(Map.of("XDG_CACHE_HOME", "/x", "HF_HOME", "/h"), HOME).hubCache());
        assertEquals(Path.of("/legacy"),
                HubSettings.fromEnvironment(Map.of("HF_HOME", "/h", "HUGGINGFACE_HUB_CACHE", "/legacy"), HOME)
                        .hubCache());
        assertEquals(Path.of("/c"), HubSettings.fromEnvironment(
                Map.of("HF_HOME", "/h", "HUGGINGFACE_HUB_CACHE", "/legacy", "HF_HUB_CACHE", "/c"), HOME).hubCache());
        assertEquals(Path.of("/home/u/models/hub"),
                HubSettings.fromEnvironment(Map.of("HF_HOME", "~/models"), HOME).hubCache());
        assertEquals(Path.of("/t/hub/checkpoints"),
                HubSettings.fromEnvironment(Map.of("TORCH_HOME", "/t"), HOME).torchCheckpoints());
        assertEquals(Path.of("/f"), HubSettings.fromEnvironment(Map.of("FACEANON_CACHE", "/f"), HOME).derivedCache());
    }

    @Test
    void offlineUsesTheHubLibrarysTruthTable() {
        for (String yes : new String[] {"1", "true", "TRUE", "yes", "On", " 1 "}) {
            assertTrue(HubSettings.fromEnvironment(Map.of("HF_HUB_OFFLINE", yes), HOME).offline(), yes);
        }
        for (String no : new String[] {"0", "false", "no", "off", "", "2"}) {
            assertFalse(HubSettings.fromEnvironment(Map.of("HF_HUB_OFFLINE", no), HOME).offline(), no);
        }
    }

    @Test
    void endpointAndTokenAreReadAndTheTokenIsNeverPrinted() {
        HubSettings s = HubSettings.fromEnvironment(
                Map.of("HF_ENDPOINT", "http://127.0.0.1:9/", "HF_TOKEN", "hf_secret_value"), HOME);
        assertEquals(URI.create("http://127.0.0.1:9"), s.endpoint());
        assertEquals(Optional.of("hf_secret_value"), s.token());
        assertFalse(s.toString().contains("hf_secret_value"), s.toString());
        assertEquals(Optional.of("legacy"), HubSettings.fromEnvironment(
                Map.of("HUGGING_FACE_HUB_TOKEN", "legacy"), HOME).token());
        assertThrows(IllegalArgumentException.class,
                () -> HubSettings.fromEnvironment(Map.of("HF_ENDPOINT", "ftp://host"), HOME));
    }
}
