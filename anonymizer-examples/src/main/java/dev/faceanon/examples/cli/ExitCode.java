package dev.faceanon.examples.cli;

/**
 * The exit codes of {@code faceanon}, for scripts. When several apply, the highest wins.
 */
final class ExitCode {
    /** Every image written, every face processed as asked. */
    static final int OK = 0;
    /** Nothing or not everything could be done: models, options file, no input found (message on stderr). */
    static final int ERROR = 1;
    /** Invalid command line (picocli's usage error code). */
    static final int USAGE = 2;
    /**
     * Every image written, but some face fell back: redacted because it could not be anonymized
     * (including a face redacted because every generation still matched its input), or left
     * unchanged because it could not be swapped; or some output face still matches its input by the
     * identity check (an anonymization with {@code --identity-check audit}, a swap that did not
     * take, a redaction too weak for the face). Listed in the summary.
     */
    static final int FACE_FALLBACK = 3;
    /**
     * Some images failed (unreadable, damaged, too large, unwritable output, ...) or entries of a
     * scanned directory that may hold photos could not be taken (unsupported format, unreadable
     * directory, broken link) and were skipped; the others were processed. Listed in the summary.
     */
    static final int IMAGE_FAILED = 4;

    /** The help text that lists them. */
    static final String HELP = "Exit codes: 0 all done; 1 error, nothing done; 2 bad command line; 3 written, but a"
            + " face fell back (redacted or unchanged, see the summary) or still matches its input by the identity"
            + " check; 4 some images failed or could not be read and were skipped (see the summary).";

    private ExitCode() {}
}
