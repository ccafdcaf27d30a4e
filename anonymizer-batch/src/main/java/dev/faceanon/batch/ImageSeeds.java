package dev.faceanon.batch;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The seed of each image of a job, derived from the job's seed and the image's name, so that the
 * same image gets the same seed in every run, on every machine, in any order and in any partition:
 * a retried or speculative Spark task, or a rerun of the command line, writes the same bytes.
 *
 * <p>The derivation, fixed so that other tools can reproduce it: the first 8 bytes, read as a
 * big-endian two's-complement {@code long}, of SHA-256 over the job seed as 8 big-endian bytes
 * followed by the UTF-8 bytes of the name in {@link FacesFile#imageKey} form (so {@code sub/a.jpg},
 * {@code ./sub/a.jpg} and {@code sub\a.jpg} get one seed). The name is the image's path relative to
 * the root of the collection with '/' separators ({@code sub/a.jpg}): the command line's name for
 * an image of a scanned directory. Each face's noise then follows from the image's seed and the
 * face's position, as for any {@link dev.faceanon.DiffusionConfig#seed() seed}.
 */
public final class ImageSeeds {

    private ImageSeeds() {}

    /**
     * @param jobSeed the seed of the whole job
     * @param imageName the image's name, as described above
     * @return the image's seed
     */
    public static long of(long jobSeed, String imageName) {
        byte[] name = FacesFile.imageKey(imageName).getBytes(StandardCharsets.UTF_8);
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
        sha256.update(ByteBuffer.allocate(Long.BYTES).putLong(jobSeed).array());
        return ByteBuffer.wrap(sha256.digest(name)).getLong();
    }
}
