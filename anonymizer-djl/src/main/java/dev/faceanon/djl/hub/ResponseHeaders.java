package dev.faceanon.djl.hub;

import dev.faceanon.djl.hub.ModelDownloadException.Reason;
import dev.faceanon.text.UntrustedText;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the headers of one response from an untrusted server. Every header the client uses is read
 * here, and any value that is not exactly what the protocol allows (a number beyond its bound, a
 * Location that is no http(s) URL, a header sent twice with different values, control characters) is a
 * {@link ModelDownloadException} naming the header, the value (escaped) and the server, never a parser
 * exception.
 */
final class ResponseHeaders {
    /** No published model file comes near this; a larger size is a broken or hostile server. */
    static final long MAX_FILE_SIZE = 1L << 40;

    private static final int MAX_VALUE_LENGTH = 8192;
    private static final int MAX_SIZE_DIGITS = 13;
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1," + MAX_SIZE_DIGITS + "}");
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes ([0-9]{1,13})-([0-9]{1,13})/([0-9]{1,13}|\\*)");

    /**
     * A {@code Content-Range} of a partial response.
     *
     * @param first the first byte sent
     * @param last the last byte sent
     * @param total the size of the whole file, or -1 if the server sent {@code *}
     */
    record ContentRange(long first, long last, long total) {}

    private final HttpHeaders headers;
    private final String server;

    /**
     * @param headers the response's headers
     * @param from the URL that answered, named in messages (its query, which may hold a signature, is
     *     left out)
     */
    ResponseHeaders(HttpHeaders headers, URI from) {
        this.headers = headers;
        this.server = describe(from);
    }

    /**
     * @param name a header name
     * @return its value, if sent; stripped of surrounding blanks
     * @throws ModelDownloadException if it is sent several times with different values, is very long or
     *     holds control characters
     */
    Optional<String> text(String name) {
        List<String> all = headers.allValues(name);
        if (all.isEmpty()) {
            return Optional.empty();
        }
        String v = all.get(0).strip();
        for (String other : all) {
            if (!other.strip().equals(v)) {
                throw unusable(name, String.join(" | ", all), "it is sent several times with different values");
            }
        }
        if (v.length() > MAX_VALUE_LENGTH) {
            throw unusable(name, v, "it is longer than " + MAX_VALUE_LENGTH + " characters");
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw unusable(name, v, "it holds control characters");
            }
        }
        return Optional.of(v);
    }

    /**
     * @param name a header carrying a byte count ({@code Content-Length}, {@code X-Linked-Size})
     * @return the count, if sent
     * @throws ModelDownloadException unless it is a plain decimal number of at most {@link #MAX_FILE_SIZE}
     */
    OptionalLong size(String name) {
        Optional<String> v = text(name);
        if (v.isEmpty()) {
            return OptionalLong.empty();
        }
        if (!DIGITS.matcher(v.get()).matches()) {
            throw unusable(name, v.get(), "it is not a byte count (decimal digits only)");
        }
        return OptionalLong.of(bounded(name, v.get(), v.get()));
    }

    /**
     * @return the {@code Content-Range} of a partial response, if sent
     * @throws ModelDownloadException unless it is {@code bytes first-last/total} (or {@code /*}) with
     *     {@code first <= last < total}
     */
    Optional<ContentRange> contentRange() {
        Optional<String> v = text("Content-Range");
        if (v.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = CONTENT_RANGE.matcher(v.get());
        if (!m.matches()) {
            throw unusable("Content-Range", v.get(), "it is not of the form 'bytes FIRST-LAST/TOTAL'");
        }
        long first = bounded("Content-Range", v.get(), m.group(1));
        long last = bounded("Content-Range", v.get(), m.group(2));
        long total = m.group(3).equals("*") ? -1 : bounded("Content-Range", v.get(), m.group(3));
        if (last < first || (total >= 0 && last >= total)) {
            throw unusable("Content-Range", v.get(), "its range is empty or ends beyond the file");
        }
        return Optional.of(new ContentRange(first, last, total));
    }

    /**
     * @param base the URL the response answered, which a relative Location is resolved against
     * @return the Location, if sent, resolved against {@code base}
     * @throws ModelDownloadException unless it is a valid URI reference that resolves to an http or https
     *     URL with a host
     */
    Optional<Redirect> location(URI base) {
        Optional<String> v = text("Location");
        if (v.isEmpty()) {
            return Optional.empty();
        }
        URI raw;
        try {
            raw = new URI(v.get());
        } catch (URISyntaxException e) {
            throw unusable("Location", v.get(), "it is not a valid URL (" + e.getReason() + ")");
        }
        URI target;
        try {
            target = base.resolve(raw);
        } catch (IllegalArgumentException e) {
            throw unusable("Location", v.get(), "it cannot be resolved against " + describe(base));
        }
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || target.getHost() == null) {
            throw unusable("Location", v.get(), "only redirects to http or https URLs with a host are followed");
        }
        return Optional.of(new Redirect(target, raw.isAbsolute() || raw.getRawAuthority() != null));
    }

    /**
     * A checked redirect target.
     *
     * @param target the absolute http(s) URL
     * @param absolute whether the server named a host (the hub's CDN) rather than only a path (a renamed
     *     repository)
     */
    record Redirect(URI target, boolean absolute) {}

    /**
     * @param name the header
     * @param value its value (escaped before it is shown)
     * @param why what is wrong with it
     * @return the exception saying so
     */
    ModelDownloadException unusable(String name, String value, String why) {
        return new ModelDownloadException(Reason.SERVER, server + " sent an unusable " + name + " header "
                + UntrustedText.quote(value) + ": " + why + ". It does not behave like a Hugging Face hub or its"
                + " file server; check HF_ENDPOINT (or the configured download URL) and retry later.");
    }

    /** @return the URL without query or fragment, for messages */
    static String describe(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme() + "://";
        // Host and port only: a user-info part may hold credentials.
        String host = url.getHost() == null ? "" : url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "");
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        return UntrustedText.abbreviate(scheme + host + path);
    }

    private long bounded(String name, String value, String digits) {
        // At most 13 digits, so parsing cannot overflow.
        long n = Long.parseLong(digits);
        if (n > MAX_FILE_SIZE) {
            throw unusable(name, value, "it names more than " + MAX_FILE_SIZE + " bytes, beyond any model file");
        }
        return n;
    }
}
