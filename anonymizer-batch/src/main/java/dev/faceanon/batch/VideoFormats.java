package dev.faceanon.batch;

import java.nio.file.Path;
import java.util.Set;

/** The video containers batch processing picks up, named by their file extensions. */
public final class VideoFormats {

    /** Extensions of the videos a directory scan picks up (the containers the video module accepts). */
    public static final Set<String> EXTENSIONS = Set.of("mp4", "m4v", "mov", "3gp", "mkv", "webm", "avi", "ts",
            "m2ts", "mts", "mpg", "mpeg", "flv", "ogv", "wmv", "asf", "dv");

    private VideoFormats() {}

    /**
     * @param file a path
     * @return whether the file is taken for a video, by its extension
     */
    public static boolean isVideo(Path file) {
        return ImageFormats.extension(file).map(EXTENSIONS::contains).orElse(false);
    }

    /**
     * @param name a file name or a path with '/' or '\' separators
     * @return whether the name is taken for a video's, by its extension
     */
    public static boolean namesVideo(String name) {
        return ImageFormats.extension(name.replace('\\', '/')).map(EXTENSIONS::contains).orElse(false);
    }
}
