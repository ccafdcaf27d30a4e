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
    }

    /** Regression (issue 11, item 10): HF_ENDPOINT=ftp://x was an IllegalArgumentException, a stack trace in the CLI. */
    @Test
    void anUnusableEndpointIsAnInvalidSettingNamingTheVariable() {
        for (String bad : new String[] {"ftp://x", "file:///etc", "http://exa mple.com", "http://", "huggingface.co",
            "https://user:secret@hub.example", "https://hub.example/?q=1", "https://hub.example/#f", ":",
            "http://[::1"}) {
            ModelDownloadException e = assertThrows(ModelDownloadException.class,
                    () -> HubSettings.fromEnvironment(Map.of("HF_ENDPOINT", bad), HOME), bad);
            assertEquals(ModelDownloadException.Reason.INVALID_SETTING, e.reason(), bad);
            assertTrue(e.getMessage().startsWith("HF_ENDPOINT "), e.getMessage());
            assertFalse(e.getMessage().contains("secret") && !bad.contains("secret"), e.getMessage());
        }
        ModelDownloadException e = assertThrows(ModelDownloadException.class,
                () -> HubSettings.fromEnvironment(Map.of(), HOME).withEndpoint(URI.create("ftp://x")));
        assertEquals(ModelDownloadException.Reason.INVALID_SETTING, e.reason());
        assertTrue(e.getMessage().contains("http or https"), e.getMessage());
    }

    @Test
    void aTokenNoHeaderCanCarryIsRefusedWithoutShowingIt() {
        for (String bad : new String[] {"hf_a b", "hf_a\nInjected: 1", "hf_\u00e9t\u00e9", "hf_\u0000"}) {
            ModelDownloadException e = assertThrows(ModelDownloadException.class,
                    () -> HubSettings.fromEnvironment(Map.of("HF_TOKEN", bad), HOME));
            assertEquals(ModelDownloadException.Reason.INVALID_SETTING, e.reason());
            assertTrue(e.getMessage().startsWith("HF_TOKEN "), e.getMessage());
            assertFalse(e.getMessage().contains("hf_"), "the token is never shown: " + e.getMessage());
        }
        ModelDownloadException legacy = assertThrows(ModelDownloadException.class,
                () -> HubSettings.fromEnvironment(Map.of("HUGGING_FACE_HUB_TOKEN", "a b"), HOME));
        assertTrue(legacy.getMessage().startsWith("HUGGING_FACE_HUB_TOKEN "), legacy.getMessage());
        assertThrows(ModelDownloadException.class,
                () -> HubSettings.fromEnvironment(Map.of(), HOME).withToken("a\rb"));
    }

    @Test
    void theDownloadPaceIsReadFromTheEnvironment() {
        assertEquals(DownloadPace.DEFAULT, HubSettings.fromEnvironment(Map.of(), HOME).downloadPace());
        assertEquals(new DownloadPace(50_000, java.time.Duration.ofSeconds(30), java.time.Duration.ofMinutes(2),
                java.time.Duration.ofSeconds(60)), DownloadPace.DEFAULT);
        DownloadPace p = HubSettings.fromEnvironment(Map.of("FACEANON_DOWNLOAD_MIN_RATE", "12.5",
                "FACEANON_DOWNLOAD_RATE_WINDOW", "10", "FACEANON_DOWNLOAD_ALLOWANCE", "0.5",
                "FACEANON_DOWNLOAD_STALL_TIMEOUT", "7"), HOME).downloadPace();
        assertEquals(new DownloadPace(12_500, java.time.Duration.ofSeconds(10), java.time.Duration.ofMillis(500),
                java.time.Duration.ofSeconds(7)), p);
        // 0.5 s plus 25,000 bytes at 12.5 kB/s = 2.5 s
        assertEquals(java.time.Duration.ofMillis(2500), p.deadlineFor(25_000));
        for (String name : new String[] {"FACEANON_DOWNLOAD_MIN_RATE", "FACEANON_DOWNLOAD_RATE_WINDOW",
            "FACEANON_DOWNLOAD_ALLOWANCE", "FACEANON_DOWNLOAD_STALL_TIMEOUT"}) {
            for (String bad : new String[] {"0", "-1", "abc", "1e3", "NaN", "99999999999999999999999", "2 ", "1.",
                "3600000"}) {
                if (bad.equals("2 ")) {
                    continue; // surrounding blanks are stripped, as for every variable
                }
                ModelDownloadException e = assertThrows(ModelDownloadException.class,
                        () -> HubSettings.fromEnvironment(Map.of(name, bad), HOME), name + "=" + bad);
                assertEquals(ModelDownloadException.Reason.INVALID_SETTING, e.reason());
                assertTrue(e.getMessage().startsWith(name + " must be a positive number"), e.getMessage());
            }
        }
    }
}
