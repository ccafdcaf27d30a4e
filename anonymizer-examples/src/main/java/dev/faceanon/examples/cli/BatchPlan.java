package dev.faceanon.examples.cli;

import dev.faceanon.FaceAnonException;
import dev.faceanon.batch.DirectoryScan;
import dev.faceanon.batch.ImageFormats;
import dev.faceanon.batch.SkippedEntry;
import dev.faceanon.batch.VideoFormats;
import dev.faceanon.text.UntrustedText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which images and videos a command processes and where each result goes: files as given,
 * directories scanned recursively, every output under the output directory with the input's name
 * (relative path for directory inputs; a video gets the video container's extension). Built before
 * anything is loaded, so that conflicts are reported before minutes of work: two inputs mapped to
 * one output, an output that is an input.
 */
final class BatchPlan {

    /** Extensions of the images a directory scan picks up (what the JDK's ImageIO reads). */
    static final Set<String> IMAGE_EXTENSIONS = ImageFormats.READABLE;

    /** Extensions of the videos a directory scan picks up (the containers the video module accepts). */
    static final Set<String> VIDEO_EXTENSIONS = VideoFormats.EXTENSIONS;

    /** The container of video outputs unless {@code --video-format} says otherwise. */
    static final String DEFAULT_VIDEO_FORMAT = "mp4";

    /** Skipped entries named in the message when nothing at all is found; the rest are counted. */
    private static final int MAX_NAMED_SKIPS = 5;

    /**
     * One image to process.
     *
     * @param input the input file
     * @param name the name that identifies it in reports and in a faces file: the file name for
     *     file inputs, the path relative to the scanned directory (with '/') for directory inputs
     * @param output where its result goes
     */
    record Item(Path input, String name, Path output) {}

    private final List<Item> items;
    private final List<SkippedEntry> skipped;

    private BatchPlan(List<Item> items, List<SkippedEntry> skipped) {
        this.items = List.copyOf(items);
        this.skipped = List.copyOf(skipped);
    }

    List<Item> items() {
        return items;
    }

    /** @return the entries of scanned directories that are not processed, and why */
    List<SkippedEntry> skipped() {
        return skipped;
    }

    /**
     * @param inputs files and directories, as given
     * @param output a directory; or an image file when the only input is one file
     * @param format output format extension (png, jpg), or null to keep each input's
     * @return the plan, videos written as MP4
     */
    static BatchPlan of(List<Path> inputs, Path output, String format) {
        return of(inputs, output, format, DEFAULT_VIDEO_FORMAT);
    }

    /**
     * @param inputs files and directories, as given
     * @param output a directory; or an image or video file when the only input is one file
     * @param format output format extension of images (png, jpg), or null to keep each input's
     * @param videoFormat output container extension of videos (mp4, mkv, mov, ...)
     * @return the plan
     * @throws FaceAnonException naming the problem if an input is missing, nothing is found, two
     *     inputs map to one output, an output would overwrite an input, or the output directory is
     *     or holds an input directory
     */
    static BatchPlan of(List<Path> inputs, Path output, String format, String videoFormat) {
        boolean singleFile = inputs.size() == 1 && Files.isRegularFile(inputs.get(0));
        Set<String> singleKind = singleFile && isVideo(inputs.get(0)) ? VIDEO_EXTENSIONS : IMAGE_EXTENSIONS;
        boolean outputIsFile = singleFile && !Files.isDirectory(output)
                && ImageFormats.extension(output).map(singleKind::contains).orElse(false);
        Path outputRoot = output.toAbsolutePath().normalize();
        if (!singleFile && !Files.isDirectory(output) && ImageFormats.extension(output)
                .map(e -> IMAGE_EXTENSIONS.contains(e) || VIDEO_EXTENSIONS.contains(e)).orElse(false)) {
            throw new FaceAnonException("with several inputs or a directory, -o names a directory, not an image or"
                    + " a video: " + output);
        }
        List<Item> items = new ArrayList<>();
        List<SkippedEntry> skipped = new ArrayList<>();
        for (Path in : inputs) {
            if (Files.isDirectory(in)) {
                checkOutsideOf(in, output);
                DirectoryScan.Result scan = DirectoryScan.of(in, outputRoot);
                for (Path file : scan.images()) {
                    String name = slashes(in.relativize(file));
                    items.add(new Item(file, name, withFormat(outputRoot.resolve(name),
                            isVideo(file) ? videoFormat : format)));
                }
                skipped.addAll(scan.skipped());
            } else if (Files.isRegularFile(in)) {
                String name = in.getFileName().toString();
                Path out = outputIsFile ? outputRoot : outputRoot.resolve(name);
                if (isVideo(in)) {
                    items.add(new Item(in, name, outputIsFile ? out : withFormat(out, videoFormat)));
                } else {
                    items.add(new Item(in, name, outputIsFile && format == null ? out : withFormat(out, format)));
                }
            } else {
                throw new FaceAnonException("input not found: " + in);
            }
        }
        if (items.isEmpty()) {
            throw new FaceAnonException("no images (" + String.join(", ", new TreeSet<>(IMAGE_EXTENSIONS))
                    + ") or videos (" + String.join(", ", new TreeSet<>(VIDEO_EXTENSIONS)) + ") found in " + inputs
                    + (skipped.isEmpty() ? "" : "; skipped: " + skipped.stream()
                            .limit(MAX_NAMED_SKIPS).map(s -> UntrustedText.escape(s.name()) + " (" + s.reason().label()
                                    + ")").collect(Collectors.joining(", "))
                            + (skipped.size() > MAX_NAMED_SKIPS ? " and " + (skipped.size() - MAX_NAMED_SKIPS)
                                    + " more" : "")));
        }
        checkConflicts(items);
        return new BatchPlan(items, skipped);
    }

    /**
     * Outputs are never taken for inputs (a rerun would process its own results), so an output
     * directory that is or holds a scanned directory would leave nothing to process, or overwrite
     * the inputs.
     */
    private static void checkOutsideOf(Path in, Path output) {
        Path input = real(in);
        Path out = real(output);
        if (input.equals(out)) {
            throw new FaceAnonException("the output directory " + output + " is the input directory " + in
                    + ": every input would be an output; choose another output directory (-o)");
        } else if (input.startsWith(out)) {
            throw new FaceAnonException("the output directory " + output + " contains the input directory " + in
                    + ": every input would be an output; choose an output directory outside it (-o)");
        }
    }

    private static void checkConflicts(List<Item> items) {
        Set<Path> inputs = new HashSet<>();
        for (Item i : items) {
            inputs.add(real(i.input()));
        }
        Map<Path, Item> byOutput = new HashMap<>();
        for (Item i : items) {
            Path out = i.output().toAbsolutePath().normalize();
            if (inputs.contains(real(out))) {
                throw new FaceAnonException("refusing to overwrite the input " + i.input() + ": choose another"
                        + " output (-o)");
            }
            Item other = byOutput.putIfAbsent(out, i);
            if (other != null) {
                throw new FaceAnonException(other.input() + " and " + i.input() + " would both be written to " + out
                        + "; process them separately or rename one");
            }
        }
    }

    private static Path real(Path p) {
        try {
            return Files.exists(p) ? p.toRealPath() : p.toAbsolutePath().normalize();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    /** @return whether the file is taken for a video, by its extension */
    static boolean isVideo(Path p) {
        return VideoFormats.isVideo(p);
    }

    private static Path withFormat(Path out, String format) {
        if (format == null) {
            return out;
        }
        return out.resolveSibling(ImageFormats.withExtension(out.getFileName().toString(), format));
    }

    private static String slashes(Path relative) {
        return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
    }
}
