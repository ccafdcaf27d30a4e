package dev.faceanon.djl.nn;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes the TorchScript archive of one of the library's own operators: a module class with no
 * parameters, compiled by libtorch from source text kept in this repository, made in memory and
 * never read from a file.
 *
 * <p>A TorchScript archive is a zip whose entries sit under one root folder (the folder of the
 * first entry; PyTorch's {@code caffe2/serialize/inline_container.cc}). libtorch compiles the
 * Python-syntax code under {@code code/} when it loads the archive, then rebuilds the module object
 * from {@code data.pkl} ({@code torch/csrc/jit/docs/serialization.md}). The archive written here has
 * four STORED entries and nothing else (no tensors, no debug records):
 *
 * <ul>
 *   <li>{@code data.pkl}: a protocol-2 pickle of one {@code __torch__.<class>} object whose
 *       attribute dict is {@code {"training": False}}, written opcode by opcode below;
 *   <li>{@code code/__torch__.py}: the source, UTF-8;
 *   <li>{@code constants.pkl}: a pickled empty tuple (the code has no tensor constants);
 *   <li>{@code version}: {@code 3}, the format version {@code torch.jit.save}
 *       writes for code that uses no operator with a versioned upgrader (libtorch 2.7.1 reads
 *       versions 1 to 10).
 * </ul>
 *
 * <p>Every byte is fixed: entry order, names, the DOS timestamp 2000-01-01 00:00 (a local time with no
 * extended time stamp, so no time zone enters; the JDK would add one for 1980-01-01 00:00, which
 * the DOS format cannot tell from "before 1980"), sizes and CRC-32s, so that the same source text
 * always gives the same archive (the operators' tests pin the digests).
 */
final class OperatorArchive {

    /** Contents of the {@code version} record. */
    static final String FORMAT_VERSION_TEXT = "3\n";

    private static final LocalDateTime ZIP_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

    // Pickle opcodes (Python's pickletools names).
    private static final int PROTO = 0x80;
    private static final int GLOBAL = 'c';
    private static final int EMPTY_TUPLE = ')';
    private static final int NEWOBJ = 0x81;
    private static final int EMPTY_DICT = '}';
    private static final int MARK = '(';
    private static final int BINUNICODE = 'X';
    private static final int NEWFALSE = 0x89;
    private static final int SETITEMS = 'u';
    private static final int BUILD = 'b';
    private static final int STOP = '.';

    private OperatorArchive() {}

    /**
     * @param root the archive's root folder, ending in {@code /}; libtorch takes whatever the first entry's folder is
     * @param className the module class the source defines, an identifier
     * @param source the TorchScript source of {@code code/__torch__.py}
     * @return the archive, generated anew on each call
     */
    static byte[] bytes(String root, String className, String source) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            // data.pkl first, as torch.jit.save orders it; any first entry would name the root.
            stored(zip, root + "data.pkl", dataPickle(className));
            stored(zip, root + "code/__torch__.py", source.getBytes(StandardCharsets.UTF_8));
            stored(zip, root + "constants.pkl", new byte[] {(byte) PROTO, 2, EMPTY_TUPLE, STOP});
            stored(zip, root + "version", FORMAT_VERSION_TEXT.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /**
     * {@code <class>.__new__(<class>)} then its state {@code {"training": False}}: libtorch's
     * unpickler creates the object of the compiled class and sets each declared attribute from the
     * dict (the class has no {@code __setstate__}).
     *
     * @param className the module class
     * @return the pickle
     */
    static byte[] dataPickle(String className) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(PROTO);
        p.write(2);
        p.write(GLOBAL);
        p.writeBytes(("__torch__\n" + className + "\n").getBytes(StandardCharsets.US_ASCII));
        p.write(EMPTY_TUPLE);
        p.write(NEWOBJ);
        p.write(EMPTY_DICT);
        p.write(MARK);
        byte[] training = "training".getBytes(StandardCharsets.UTF_8);
        p.write(BINUNICODE);
        // 4-byte little-endian length.
        p.write(training.length);
        p.write(0);
        p.write(0);
        p.write(0);
        p.writeBytes(training);
        p.write(NEWFALSE);
        p.write(SETITEMS);
        p.write(BUILD);
        p.write(STOP);
        return p.toByteArray();
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        e.setTimeLocal(ZIP_TIME);
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }
}
