package dev.faceanon.djl.hub;

import dev.faceanon.djl.hub.ModelDownloadException.Reason;
import java.net.URI;

/**
 * Turns an HTTP error status into an exception that says what to do. The hub tells a missing
 * repository, revision and file apart only by its {@code X-Error-Code} header (all are 404, and a
 * missing or private repository is 401 without a token).
 */
final class HttpErrors {
    private HttpErrors() {}

    /**
     * @param status an HTTP status
     * @return true for statuses worth retrying after a pause (overload, server trouble)
     */
    static boolean isTransient(int status) {
        return status == 429 || status == 408 || (status >= 500 && status <= 599);
    }

    /**
     * @param status the HTTP status (not 2xx)
     * @param headers the response headers
     * @param url the requested URL
     * @param repo the repository asked for, or {@code null} for a plain URL
     * @param path the file inside the repository, or {@code null}
     * @param tokenSent whether an Authorization header was sent
     * @param endpoint the hub base URL, for pointing the user at pages
     * @return the exception to throw
     */
    static ModelDownloadException forStatus(int status, ResponseHeaders headers, URI url, HubRepo repo, String path,
            boolean tokenSent, URI endpoint) {
        String code = headers.text("X-Error-Code").orElse("");
        String what = repo == null ? ResponseHeaders.describe(url) : "'" + path + "' of " + repo.id() + " at revision '"
                + repo.revision() + "'";
        String tokens = endpoint + "/settings/tokens";
        if (repo != null && code.equals("RepoNotFound")) {
            return new ModelDownloadException(Reason.REPOSITORY_NOT_FOUND, "Repository " + repo.id()
                    + " was not found at " + endpoint + " (HTTP " + status + "). Check the repository id; if it"
                    + " is private, set HF_TOKEN to a token with read access (" + tokens + ").");
        }
        if (repo != null && code.equals("GatedRepo")) {
            return new ModelDownloadException(Reason.FORBIDDEN, "Repository " + repo.id() + " is gated (HTTP "
                    + status + "): accept its conditions at " + endpoint + "/" + repo.id() + " while logged in,"
                    + " then set HF_TOKEN to a read token of that account (" + tokens + ").");
        }
        if (repo != null && code.equals("RevisionNotFound")) {
            return new ModelDownloadException(Reason.REVISION_NOT_FOUND, "Revision '" + repo.revision()
                    + "' does not exist in " + repo.id() + " (HTTP " + status + "). Pin an existing branch, tag"
                    + " or full 40-hex commit of that repository.");
        }
        if (repo != null && code.equals("EntryNotFound")) {
            return new ModelDownloadException(Reason.FILE_NOT_FOUND, "File " + what + " does not exist (HTTP "
                    + status + "). The revision may predate the file; pin a revision that has it, or use a"
                    + " local directory that contains it.");
        }
        switch (status) {
            case 401:
                return new ModelDownloadException(Reason.UNAUTHORIZED, tokenSent
                        ? "The token in HF_TOKEN was rejected (HTTP 401) for " + what + ": it is invalid or"
                                + " expired. Create a read token at " + tokens + " and set HF_TOKEN to it."
                        : what + " needs authentication (HTTP 401): set HF_TOKEN to a read token (" + tokens
                                + ").");
            case 403:
                return new ModelDownloadException(Reason.FORBIDDEN, tokenSent
                        ? "Access to " + what + " is forbidden (HTTP 403): the token in HF_TOKEN lacks read"
                                + " access to it, or the repository's conditions were not accepted."
                        : "Access to " + what + " is forbidden (HTTP 403): set HF_TOKEN to a read token of an"
                                + " account with access (" + tokens + ").");
            case 404:
                return new ModelDownloadException(repo == null ? Reason.FILE_NOT_FOUND
                        : Reason.REPOSITORY_NOT_FOUND, what + " was not found (HTTP 404) at " + ResponseHeaders.describe(url)
                        + ". Check the repository id, revision and base URL.");
            default:
                return new ModelDownloadException(Reason.SERVER, "The server answered HTTP " + status + " for "
                        + what + " (" + ResponseHeaders.describe(url) + "). Retry later.");
        }
    }
}
