package dev.faceanon.batch;

import java.nio.file.Path;
import java.util.Locale;

/**
 * An entry of a scanned directory that was not processed, and why; listed in the summary and the
 * report so that no photo is left out without the user knowing.
 *
 * @param path the entry as the scan found it
 * @param name its path relative to the scanned directory, with '/'
 * @param reason why it was skipped
 * @param detail the particulars, in the user's terms (never file content)
 */
public record SkippedEntry(Path path, String name, Reason reason, String detail) {

    /** Why an entry was skipped. */
    public enum Reason {
        /** A symbolic link whose target does not exist or cannot be reached. */
        BROKEN_LINK("broken symbolic link", true),
        /** A link back to a directory being scanned: its images are found through the directory itself. */
        LINK_LOOP("symbolic link loop", false),
        /** A directory or file the scan could not read (permissions, I/O error). */
        UNREADABLE("unreadable", true),
        /** An image in a format the tool cannot read. */
        UNSUPPORTED_FORMAT("unsupported format", true),
        /** Listed, then gone before it could be looked at; it may have been moved where the scan had been. */
        VANISHED("vanished during the scan", true);

        private final String label;
        private final boolean missesImages;

        Reason(String label, boolean missesImages) {
            this.label = label;
            this.missesImages = missesImages;
        }

        /** @return how the summary says it */
        public String label() {
            return label;
        }

        /** @return the name in the JSON report, for scripts */
        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** @return whether images the user asked for may have gone unprocessed (exit code 4) */
        public boolean missesImages() {
            return missesImages;
        }
    }

    /** @return the summary line */
    public String describe() {
        return name + ": SKIPPED: " + reason.label() + ": " + detail;
    }
}
