package dev.faceanon.parity.golden;

import dev.faceanon.model.MissingModelFileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A directory of golden cases in the format of {@code shared/golden/README.md}: every
 * {@code <name>.safetensors} with a {@code <name>.json} sidecar beside it is a case.
 *
 * @param dir the directory
 */
public record GoldenDirectory(Path dir) {

    /** System property naming the golden directory the tests use. */
    public static final String PROPERTY = "faceanon.golden.dir";

    /**
     * Creates an instance, checking its components.
     *
     * @param dir the directory
     * @throws MissingModelFileException if {@code dir} is not a directory
     */
    public GoldenDirectory {
        if (!Files.isDirectory(dir)) {
            throw new MissingModelFileException(dir, "directory of golden reference cases");
        }
    }

    /**
     * @return the directory named by the system property {@value #PROPERTY} (the build sets it to
     *     {@code ../shared/golden} beside the clone)
     * @throws IllegalStateException if the property is unset
     * @throws MissingModelFileException if it names no directory
     */
    public static GoldenDirectory fromSystemProperty() {
        String p = System.getProperty(PROPERTY);
        if (p == null || p.isBlank()) {
            throw new IllegalStateException("system property " + PROPERTY + " is not set; run through Maven"
                    + " (it points at ../shared/golden) or pass -D" + PROPERTY + "=DIR");
        }
        return new GoldenDirectory(Path.of(p).toAbsolutePath().normalize());
    }

    /** @return the case names found, sorted */
    public List<String> caseNames() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".safetensors"))
                    .map(n -> n.substring(0, n.length() - ".safetensors".length()))
                    .filter(n -> Files.isRegularFile(dir.resolve(n + ".json")))
                    .sorted()
                    .collect(Collectors.toUnmodifiableList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /**
     * @param name a case name
     * @return the open case; the caller closes it
     */
    public GoldenCase open(String name) {
        return GoldenCase.open(dir, name);
    }

    /**
     * @param name a manifest name, e.g. {@code unet_sd21_face_anon_keys}
     * @return the path of {@code manifests/<name>.json}
     * @throws MissingModelFileException if it does not exist
     */
    public Path manifest(String name) {
        Path p = dir.resolve("manifests").resolve(name + ".json");
        if (!Files.isRegularFile(p)) {
            throw new MissingModelFileException(p, "key manifest of a full-size checkpoint");
        }
        return p;
    }
}
