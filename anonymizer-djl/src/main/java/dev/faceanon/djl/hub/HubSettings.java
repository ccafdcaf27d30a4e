package dev.faceanon.djl.hub;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where models come from and where they are cached, following the Hugging Face hub's own
 * conventions so that files downloaded by Python tools are found and reused.
 *
 * <p>Read from the environment once ({@link #fromEnvironment(Map, Path)}); tests pass a map instead of
 * the real environment. Honoured variables:
 *
 * <ul>
 *   <li>{@code HF_ENDPOINT}: hub base URL (default {@code https://huggingface.co}).
 *   <li>{@code HF_TOKEN} (legacy {@code HUGGING_FACE_HUB_TOKEN}): sent as {@code Authorization: Bearer};
 *       never logged, masked in {@link #toString()}.
 *   <li>{@code HF_HUB_OFFLINE}: {@code 1}/{@code true}/{@code yes}/{@code on} forbids any network access.
 *   <li>{@code HF_HUB_CACHE} (legacy {@code HUGGINGFACE_HUB_CACHE}), else {@code HF_HOME/hub}, else
 *       {@code $XDG_CACHE_HOME/huggingface/hub}, else {@code ~/.cache/huggingface/hub}.
 *   <li>{@code TORCH_HOME} (default {@code $XDG_CACHE_HOME/torch} or {@code ~/.cache/torch}): the
 *       detector files are kept in {@code TORCH_HOME/hub/checkpoints}, where face-alignment keeps them.
 *   <li>{@code FACEANON_CACHE} (default {@code $XDG_CACHE_HOME/faceanon} or {@code ~/.cache/faceanon}):
 *       files this library derives itself (the vision-only CLIP weights).
 * </ul>
 */
public final class HubSettings {
    /** The public hub. */
    public static final URI DEFAULT_ENDPOINT = URI.create("https://huggingface.co");

    private final URI endpoint;
    private final String token;
    private final boolean offline;
    private final Path hubCache;
    private final Path torchCheckpoints;
    private final Path derivedCache;

    private HubSettings(URI endpoint, String token, boolean offline, Path hubCache, Path torchCheckpoints,
            Path derivedCache) {
        this.endpoint = checkEndpoint(endpoint);
        this.token = token == null || token.isBlank() ? null : token.strip();
        this.offline = offline;
        this.hubCache = Objects.requireNonNull(hubCache, "hubCache").toAbsolutePath().normalize();
        this.torchCheckpoints = Objects.requireNonNull(torchCheckpoints, "torchCheckpoints").toAbsolutePath()
                .normalize();
        this.derivedCache = Objects.requireNonNull(derivedCache, "derivedCache").toAbsolutePath().normalize();
    }

    /**
     * Reads the settings from environment variables, with the hub's defaults for the unset ones.
     *
     * @param env the environment, e.g. {@link System#getenv()}
     * @param userHome the user's home directory, for {@code ~} and the default cache locations
     * @return the settings
     * @throws IllegalArgumentException if {@code HF_ENDPOINT} is not an http(s) URL
     */
    public static HubSettings fromEnvironment(Map<String, String> env, Path userHome) {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(userHome, "userHome");
        Path xdgCache = path(env, "XDG_CACHE_HOME", userHome).orElse(userHome.resolve(".cache"));
        Path hfHome = path(env, "HF_HOME", userHome).orElse(xdgCache.resolve("huggingface"));
        Path hubCache = path(env, "HF_HUB_CACHE", userHome)
                .or(() -> path(env, "HUGGINGFACE_HUB_CACHE", userHome))
                .orElse(hfHome.resolve("hub"));
        Path torchHome = path(env, "TORCH_HOME", userHome).orElse(xdgCache.resolve("torch"));
        Path derived = path(env, "FACEANON_CACHE", userHome).orElse(xdgCache.resolve("faceanon"));
        URI endpoint = value(env, "HF_ENDPOINT").map(URI::create).orElse(DEFAULT_ENDPOINT);
        String token = value(env, "HF_TOKEN").orElseGet(() -> value(env, "HUGGING_FACE_HUB_TOKEN").orElse(null));
        boolean offline = value(env, "HF_HUB_OFFLINE").map(HubSettings::isTrue).orElse(false);
        return new HubSettings(endpoint, token, offline, hubCache, torchHome.resolve("hub").resolve("checkpoints"),
                derived);
    }

    /** @return the settings of this process's real environment and home directory */
    public static HubSettings fromSystem() {
        return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** @return the hub base URL, without a trailing slash */
    public URI endpoint() {
        return endpoint;
    }

    /** @return the access token, if one is configured */
    public Optional<String> token() {
        return Optional.ofNullable(token);
    }

    /** @return true if no network access is allowed */
    public boolean offline() {
        return offline;
    }

    /** @return the hub cache root holding {@code models--org--name} directories */
    public Path hubCache() {
        return hubCache;
    }

    /** @return the directory holding torch.hub-style downloads (the detector files) */
    public Path torchCheckpoints() {
        return torchCheckpoints;
    }

    /** @return the directory for files this library derives from published ones */
    public Path derivedCache() {
        return derivedCache;
    }

    /**
     * @param newEndpoint a hub base URL (http or https)
     * @return a copy using that endpoint
     */
    public HubSettings withEndpoint(URI newEndpoint) {
        return new HubSettings(newEndpoint, token, offline, hubCache, torchCheckpoints, derivedCache);
    }

    /**
     * @param newToken an access token, or {@code null} for none
     * @return a copy using that token
     */
    public HubSettings withToken(String newToken) {
        return new HubSettings(endpoint, newToken, offline, hubCache, torchCheckpoints, derivedCache);
    }

    /**
     * @param newOffline true to forbid network access
     * @return a copy with that mode
     */
    public HubSettings withOffline(boolean newOffline) {
        return new HubSettings(endpoint, token, newOffline, hubCache, torchCheckpoints, derivedCache);
    }

    /**
     * @param newHubCache the hub cache root
     * @param newTorchCheckpoints the directory for the detector files
     * @param newDerivedCache the directory for derived files
     * @return a copy using those directories
     */
    public HubSettings withDirectories(Path newHubCache, Path newTorchCheckpoints, Path newDerivedCache) {
        return new HubSettings(endpoint, token, offline, newHubCache, newTorchCheckpoints, newDerivedCache);
    }

    @Override
    public String toString() {
        return "HubSettings[endpoint=" + endpoint + ", token=" + (token == null ? "none" : "***") + ", offline="
                + offline + ", hubCache=" + hubCache + ", torchCheckpoints=" + torchCheckpoints
                + ", derivedCache=" + derivedCache + "]";
    }

    private static URI checkEndpoint(URI uri) {
        Objects.requireNonNull(uri, "endpoint");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("hub endpoint must be an http(s) URL with a host, got: " + uri);
        }
        String s = uri.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return URI.create(s);
    }

    // The hub library's own truth table for boolean environment variables.
    private static boolean isTrue(String v) {
        String s = v.strip().toUpperCase(Locale.ROOT);
        return s.equals("1") || s.equals("ON") || s.equals("YES") || s.equals("TRUE");
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    private static Optional<Path> path(Map<String, String> env, String name, Path home) {
        return value(env, name).map(v -> {
            if (v.equals("~")) {
                return home;
            }
            if (v.startsWith("~/")) {
                return home.resolve(v.substring(2));
            }
            return Path.of(v);
        });
    }
}
