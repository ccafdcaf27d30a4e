package dev.faceanon.examples.cli;

import dev.faceanon.FaceAnonException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which images a command processes and where each result goes: files as given, directories
 * scanned recursively, every output under the output directory with the input's name (relative
 * path for directory inputs). Built before anything is loaded, so that conflicts are reported
 * before minutes of work: two inputs mapped to one output, an output that is an input.
 */
final class BatchPlan {

    /** Extensions of the images a directory scan picks up (what the JDK's ImageIO reads). */
    static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif", "tif", "tiff", "wbmp");

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

    private BatchPlan(List<Item> items) {
        this.items = List.copyOf(items);
    }

    List<Item> items() {
        return items;
    }

    /**
     * @param inputs files and directories, as given
     * @param output a directory; or an image file when the only input is one file
     * @param format output format extension (png, jpg), or null to keep each input's
     * @return the plan
     * @throws FaceAnonException naming the problem if an input is missing, nothing is found, two
     *     inputs map to one output, or an output would overwrite an input
     */
    static BatchPlan of(List<Path> inputs, Path output, String format) {
        boolean singleFile = inputs.size() == 1 && Files.isRegularFile(inputs.get(0));
        boolean outputIsFile = singleFile && !Files.isDirectory(output)
                && extension(output).map(IMAGE_EXTENSIONS::contains).orElse(false);
        Path outputRoot = output.toAbsolutePath().normalize();
        if (!singleFile && !Files.isDirectory(output) && extension(output).map(IMAGE_EXTENSIONS::contains).orElse(false)) {
            throw new FaceAnonException("with several inputs or a directory, -o names a directory, not an image: "
                    + output);
        }
        List<Item> items = new ArrayList<>();
        for (Path in : inputs) {
            if (Files.isDirectory(in)) {
                for (Path file : scan(in, outputRoot)) {
                    String name = slashes(in.relativize(file));
                    items.add(new Item(file, name, withFormat(outputRoot.resolve(name), format)));
                }
            } else if (Files.isRegularFile(in)) {
                String name = in.getFileName().toString();
                Path out = outputIsFile ? outputRoot : outputRoot.resolve(name);
                items.add(new Item(in, name, outputIsFile && format == null ? out : withFormat(out, format)));
            } else {
                throw new FaceAnonException("input not found: " + in);
            }
        }
        if (items.isEmpty()) {
            throw new FaceAnonException("no images (" + String.join(", ", new java.util.TreeSet<>(IMAGE_EXTENSIONS))
                    + ") found in " + inputs);
        }
        checkConflicts(items);
        return new BatchPlan(items);
    }

    private static List<Path> scan(Path dir, Path outputRoot) {
        try (Stream<Path> files = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
            // Outputs written inside a scanned directory must not be picked up as inputs on a rerun.
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.toAbsolutePath().normalize().startsWith(outputRoot))
                    .filter(p -> !hidden(dir.relativize(p)))
                    .filter(p -> extension(p).map(IMAGE_EXTENSIONS::contains).orElse(false))
                    .sorted(Comparator.comparing(BatchPlan::slashes))
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new FaceAnonException("cannot scan " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Hidden files and anything under a hidden directory (.git, .thumbnails, ...) are not photos to process. */
    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
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

    static Optional<String> extension(Path p) {
        String name = p.getFileName() == null ? "" : p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot <= 0 || dot == name.length() - 1 ? Optional.empty()
                : Optional.of(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static Path withFormat(Path out, String format) {
        if (format == null) {
            return out;
        }
        String name = out.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return out.resolveSibling((dot <= 0 ? name : name.substring(0, dot)) + "." + format);
    }

    private static String slashes(Path relative) {
        return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
    }
}
