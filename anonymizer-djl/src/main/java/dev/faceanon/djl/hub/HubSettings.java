package dev.faceanon.djl.hub;

import dev.faceanon.djl.hub.ModelDownloadException.Reason;
import dev.faceanon.text.UntrustedText;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
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
 *   <li>{@code FACEANON_DOWNLOAD_MIN_RATE} (kB/s), {@code FACEANON_DOWNLOAD_RATE_WINDOW},
 *       {@code FACEANON_DOWNLOAD_ALLOWANCE} and {@code FACEANON_DOWNLOAD_STALL_TIMEOUT} (seconds): the
 *       {@link DownloadPace} that bounds how long a download may take.
 * </ul>
 *
 * <p>An unusable value (an endpoint that is not an http(s) URL, a token no HTTP header can carry, a path
 * the file system refuses, a pace that is not a positive number) is a {@link ModelDownloadException} with
 * reason {@link Reason#INVALID_SETTING} that names the variable.
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
    private final DownloadPace pace;

    private HubSettings(URI endpoint, String token, boolean offline, Path hubCache, Path torchCheckpoints,
            Path derivedCache, DownloadPace pace) {
        this.endpoint = checkEndpoint(endpoint, "the hub endpoint");
        this.token = token == null || token.isBlank() ? null : checkToken(token.strip(), "the token");
        this.offline = offline;
        this.pace = Objects.requireNonNull(pace, "pace");
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
     * @throws ModelDownloadException with reason {@link Reason#INVALID_SETTING} if a variable is unusable;
     *     the message names it
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
        URI endpoint = value(env, "HF_ENDPOINT").map(v -> checkEndpoint(parseUri(v, "HF_ENDPOINT"), "HF_ENDPOINT"))
                .orElse(DEFAULT_ENDPOINT);
        String tokenVariable = value(env, "HF_TOKEN").isPresent() ? "HF_TOKEN" : "HUGGING_FACE_HUB_TOKEN";
        String token = value(env, tokenVariable).map(t -> checkToken(t, tokenVariable)).orElse(null);
        boolean offline = value(env, "HF_HUB_OFFLINE").map(HubSettings::isTrue).orElse(false);
        DownloadPace pace = paceFrom(env);
        return new HubSettings(endpoint, token, offline, hubCache, torchHome.resolve("hub").resolve("checkpoints"),
                derived, pace);
    }

    private static DownloadPace paceFrom(Map<String, String> env) {
        DownloadPace pace = DownloadPace.DEFAULT;
        Optional<BigDecimal> rate = number(env, "FACEANON_DOWNLOAD_MIN_RATE", "kilobytes per second",
                BigDecimal.valueOf(1_000_000));
        if (rate.isPresent()) {
            pace = pace.withMinBytesPerSecond(Math.max(1, rate.get().multiply(BigDecimal.valueOf(1000)).longValue()));
        }
        pace = seconds(env, "FACEANON_DOWNLOAD_RATE_WINDOW").map(pace::withRateWindow).orElse(pace);
        pace = seconds(env, "FACEANON_DOWNLOAD_ALLOWANCE").map(pace::withAllowance).orElse(pace);
        return seconds(env, "FACEANON_DOWNLOAD_STALL_TIMEOUT").map(pace::withStallTimeout).orElse(pace);
    }

    private static Optional<Duration> seconds(Map<String, String> env, String name) {
        return number(env, name, "seconds", BigDecimal.valueOf(DownloadPace.MAX_DURATION.toSeconds()))
                .map(s -> Duration.ofNanos(Math.max(1_000_000, s.movePointRight(9).longValue())));
    }

    /** A positive decimal number of at most {@code max}, without exponent. */
    private static Optional<BigDecimal> number(Map<String, String> env, String name, String unit, BigDecimal max) {
        Optional<String> v = value(env, name);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        String s = v.get();
        BigDecimal d = null;
        if (s.length() <= 20 && s.matches("[0-9]+(\\.[0-9]+)?")) {
            d = new BigDecimal(s);
        }
        if (d == null || d.signum() <= 0 || d.compareTo(max) > 0) {
            throw invalid(name + " must be a positive number of " + unit + ", at most " + max.toPlainString()
                    + ", got " + UntrustedText.quote(s));
        }
        return Optional.of(d);
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

    /** @return how long downloads may take */
    public DownloadPace downloadPace() {
        return pace;
    }

    /**
     * @param newEndpoint a hub base URL (http or https, with a host, without user, query or fragment)
     * @return a copy using that endpoint
     * @throws ModelDownloadException with reason {@link Reason#INVALID_SETTING} for any other URL
     */
    public HubSettings withEndpoint(URI newEndpoint) {
        return new HubSettings(newEndpoint, token, offline, hubCache, torchCheckpoints, derivedCache, pace);
    }

    /**
     * @param newToken an access token, or {@code null} for none
     * @return a copy using that token
     * @throws ModelDownloadException with reason {@link Reason#INVALID_SETTING} if an HTTP header cannot
     *     carry it (spaces inside, control or non-ASCII characters)
     */
    public HubSettings withToken(String newToken) {
        return new HubSettings(endpoint, newToken, offline, hubCache, torchCheckpoints, derivedCache, pace);
    }

    /**
     * @param newOffline true to forbid network access
     * @return a copy with that mode
     */
    public HubSettings withOffline(boolean newOffline) {
        return new HubSettings(endpoint, token, newOffline, hubCache, torchCheckpoints, derivedCache, pace);
    }

    /**
     * @param newHubCache the hub cache root
     * @param newTorchCheckpoints the directory for the detector files
     * @param newDerivedCache the directory for derived files
     * @return a copy using those directories
     */
    public HubSettings withDirectories(Path newHubCache, Path newTorchCheckpoints, Path newDerivedCache) {
        return new HubSettings(endpoint, token, offline, newHubCache, newTorchCheckpoints, newDerivedCache, pace);
    }

    /**
     * @param newPace how long downloads may take
     * @return a copy using it
     */
    public HubSettings withDownloadPace(DownloadPace newPace) {
        return new HubSettings(endpoint, token, offline, hubCache, torchCheckpoints, derivedCache,
                Objects.requireNonNull(newPace, "pace"));
    }

    @Override
    public String toString() {
        return "HubSettings[endpoint=" + endpoint + ", token=" + (token == null ? "none" : "***") + ", offline="
                + offline + ", hubCache=" + hubCache + ", torchCheckpoints=" + torchCheckpoints
                + ", derivedCache=" + derivedCache + ", " + pace + "]";
    }

    private static URI parseUri(String v, String name) {
        try {
            return new URI(v);
        } catch (URISyntaxException e) {
            throw invalid(name + " is not a URL: " + UntrustedText.quote(v) + " (" + e.getReason()
                    + "). Set it to the hub's"
                    + " base URL, e.g. " + DEFAULT_ENDPOINT + ", or unset it.");
        }
    }

    private static URI checkEndpoint(URI uri, String name) {
        Objects.requireNonNull(uri, "endpoint");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawUserInfo() != null
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid(name + " must be an http or https base URL with a host and without user, query or"
                    + " fragment, e.g. " + DEFAULT_ENDPOINT + "; got " + UntrustedText.quote(uri.toString()) + ".");
        }
        String s = uri.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return URI.create(s);
    }

    /** A token travels in an HTTP header, which carries visible ASCII only; the token itself is never shown. */
    private static String checkToken(String token, String name) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw invalid(name + " holds a character an HTTP header cannot carry (a space, a control or a"
                        + " non-ASCII character at position " + (i + 1) + "); copy the token again.");
            }
        }
        return token;
    }

    private static ModelDownloadException invalid(String message) {
        return new ModelDownloadException(Reason.INVALID_SETTING, message);
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
            try {
                if (v.equals("~")) {
                    return home;
                }
                if (v.startsWith("~/")) {
                    return home.resolve(v.substring(2));
                }
                return Path.of(v);
            } catch (InvalidPathException e) {
                throw invalid(name + " is not a usable path: " + UntrustedText.quote(v) + " (" + e.getReason() + ").");
            }
        });
    }
}
