package dev.faceanon.djl.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.djl.config.ClipPreprocessorConfig;
import dev.faceanon.djl.config.ClipVisionConfig;
import dev.faceanon.djl.config.SchedulerConfig;
import dev.faceanon.djl.config.UNetConfig;
import dev.faceanon.djl.config.VaeConfig;
import dev.faceanon.djl.weights.SafetensorsFile;
import dev.faceanon.djl.weights.SafetensorsHeader;
import dev.faceanon.djl.weights.SafetensorsWriter;
import dev.faceanon.djl.weights.ShardedSafetensors;
import dev.faceanon.djl.weights.TensorDType;
import dev.faceanon.model.ModelConfigException;
import dev.faceanon.model.ModelFileException;
import dev.faceanon.model.WeightFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every reader of a JSON document in a model file, against the same malformed inputs: each is
 * refused with the reader's own exception, whose message names the file and the position and says
 * what is wrong without any parser's vocabulary.
 */
class MalformedJsonInModelFilesTest {

    /** Phrases of parsers and decoders that must never reach a user. */
    private static final List<String> INTERNAL_PHRASES = List.of("jsonreader", "setstrictness", "strictness",
            "malformedjson", "eofexception", "exception", "input length", "path $", "gson", "troubleshooting",
            "stackoverflow");

    @TempDir
    static Path dir;

    /** How one reader's document is built around a value, and how the reader is called. */
    private record Reader(String name, Class<? extends ModelFileException> refusal, String fileName,
            Function<byte[], byte[]> wrap, String template, String duplicateAtTop, FileReader read) {

        byte[] document(String value) {
            return document(template.replace("VALUE", value).getBytes(StandardCharsets.UTF_8));
        }

        byte[] document(byte[] json) {
            return wrap.apply(json);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @FunctionalInterface
    private interface FileReader {
        void read(Path file) throws Exception;
    }

    private static byte[] safetensors(byte[] header) {
        // The template's tensor holds 4 bytes of data.
        return ByteBuffer.allocate(8 + header.length + 4).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length)
                .put(header).array();
    }

    private static List<Reader> readers() {
        String tensor = "\"t\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4], \"extra\": VALUE}";
        List<Reader> readers = new ArrayList<>();
        readers.add(new Reader("safetensors header", WeightFormatException.class, "model.safetensors",
                MalformedJsonInModelFilesTest::safetensors, "{" + tensor + "}",
                "{\"__metadata__\": {}, " + tensor.replace("VALUE", "1") + ", \"__metadata__\": {}}",
                file -> SafetensorsFile.open(file).close()));
        readers.add(new Reader("remote safetensors header", WeightFormatException.class, "remote.json",
                json -> json, "{" + tensor + "}", "{" + tensor.replace("VALUE", "1") + ", "
                        + tensor.replace("VALUE", "2") + "}",
                file -> SafetensorsHeader.parse(new ByteArrayInputStream(Files.readAllBytes(file)), file, 4)));
        readers.add(new Reader("shard index", WeightFormatException.class, "model.safetensors.index.json",
                json -> json, "{\"metadata\": {\"total_size\": 4, \"extra\": VALUE}, \"weight_map\": {\"t\": \"s\"}}",
                "{\"metadata\": {}, \"weight_map\": {\"t\": \"s\"}, \"metadata\": {}}",
                ShardedSafetensors::open));
        configReaders(readers);
        return readers;
    }

    private static void configReaders(List<Reader> readers) {
        String unet = "{\"extra\": VALUE, \"cross_attention_dim\": 32, \"block_out_channels\": [32, 32, 32, 32],"
                + " \"norm_num_groups\": 4, \"attention_head_dim\": 2, \"use_linear_projection\": true}";
        readers.add(config("UNet config.json", "config.json", unet, UNetConfig::read));
        readers.add(config("VAE config.json", "vae_config.json", "{\"extra\": VALUE, \"in_channels\": 3}",
                VaeConfig::read));
        readers.add(config("scheduler_config.json", "scheduler_config.json",
                "{\"extra\": VALUE, \"beta_schedule\": \"scaled_linear\"}", SchedulerConfig::read));
        readers.add(config("CLIP config.json", "clip_config.json",
                "{\"extra\": VALUE, \"vision_config\": {\"hidden_size\": 1024, \"num_attention_heads\": 16}}",
                ClipVisionConfig::read));
        readers.add(config("preprocessor_config.json", "preprocessor_config.json",
                "{\"extra\": VALUE, \"crop_size\": 224}", ClipPreprocessorConfig::read));
    }

    private static Reader config(String name, String fileName, String template, FileReader read) {
        return new Reader(name, ModelConfigException.class, fileName, json -> json, template,
                template.replace("VALUE", "1").replace("{\"extra\": 1,", "{\"extra\": 1, \"extra\": 2,"), read);
    }

    /** Values that make the document malformed wherever they stand. */
    private static final List<String[]> BAD_VALUES = List.of(
            new String[] {"single-quoted string", "'text'"},
            new String[] {"unquoted word", "text"},
            new String[] {"block comment", "/* note */ 1"},
            new String[] {"line comment", "1 // note\n"},
            new String[] {"hash comment", "# note\n1"},
            new String[] {"unquoted key", "{key: 1}"},
            new String[] {"single-quoted key", "{'key': 1}"},
            new String[] {"trailing comma in an array", "[1, 2,]"},
            new String[] {"trailing comma in an object", "{\"k\": 1,}"},
            new String[] {"missing comma", "[1 2]"},
            new String[] {"missing colon", "{\"k\" 1}"},
            new String[] {"leading zero", "01"},
            new String[] {"leading plus", "+1"},
            new String[] {"hexadecimal", "0x10"},
            new String[] {"bare fraction", ".5"},
            new String[] {"fraction without digits", "1."},
            new String[] {"exponent without digits", "1e"},
            new String[] {"invalid escape", "\"a\\qb\""},
            new String[] {"short unicode escape", "\"\\u12\""},
            new String[] {"raw control character in a string", "\"a\u0001b\""},
            new String[] {"raw newline in a string", "\"a\nb\""},
            new String[] {"duplicate key in a nested object", "{\"k\": 1, \"k\": 2}"},
            new String[] {"duplicate key deeper down", "[{\"a\": {\"k\": 1, \"k\": 1}}]"},
            new String[] {"deeply nested arrays", "[".repeat(100_000) + "]".repeat(100_000)},
            new String[] {"deeply nested objects", "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000)});

    /** Whole documents that are malformed, as bytes (each from the reader's valid document). */
    private static List<Object[]> badDocuments(Reader r) {
        byte[] valid = r.template().replace("VALUE", "1").getBytes(StandardCharsets.UTF_8);
        String validText = new String(valid, StandardCharsets.UTF_8);
        List<Object[]> docs = new ArrayList<>();
        docs.add(new Object[] {"empty", new byte[0]});
        docs.add(new Object[] {"only whitespace", "  \n ".getBytes(StandardCharsets.UTF_8)});
        docs.add(new Object[] {"truncated", java.util.Arrays.copyOf(valid, valid.length / 2)});
        docs.add(new Object[] {"truncated inside a string", java.util.Arrays.copyOf(valid, validText.indexOf('"') + 2)});
        docs.add(new Object[] {"last brace missing", java.util.Arrays.copyOf(valid, valid.length - 1)});
        docs.add(new Object[] {"trailing garbage", (validText + " garbage").getBytes(StandardCharsets.UTF_8)});
        docs.add(new Object[] {"two documents", (validText + validText).getBytes(StandardCharsets.UTF_8)});
        docs.add(new Object[] {"trailing comment", (validText + " // end").getBytes(StandardCharsets.UTF_8)});
        docs.add(new Object[] {"duplicate key at the top", r.duplicateAtTop().getBytes(StandardCharsets.UTF_8)});
        docs.add(new Object[] {"invalid UTF-8 in a string", withBytes(r, new byte[] {(byte) 0xC3, 0x28})});
        docs.add(new Object[] {"overlong UTF-8", withBytes(r, new byte[] {(byte) 0xC0, (byte) 0xAF})});
        docs.add(new Object[] {"UTF-8-encoded surrogate", withBytes(r, new byte[] {(byte) 0xED, (byte) 0xA0,
            (byte) 0x80})});
        docs.add(new Object[] {"byte above U+10FFFF", withBytes(r, new byte[] {(byte) 0xF5, (byte) 0x80,
            (byte) 0x80, (byte) 0x80})});
        docs.add(new Object[] {"truncated UTF-8 sequence at the end", concat(valid, new byte[] {(byte) 0xE2})});
        docs.add(new Object[] {"Latin-1 text", withBytes(r, new byte[] {'c', 'a', 'f', (byte) 0xE9})});
        return docs;
    }

    private static byte[] withBytes(Reader r, byte[] inside) {
        byte[] before = r.template().substring(0, r.template().indexOf("VALUE")).getBytes(StandardCharsets.UTF_8);
        byte[] after = r.template().substring(r.template().indexOf("VALUE") + 5).getBytes(StandardCharsets.UTF_8);
        return concat(concat(before, concat(new byte[] {'"'}, concat(inside, new byte[] {'"'}))), after);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Reader r : readers()) {
            for (String[] v : BAD_VALUES) {
                cases.add(Arguments.of(r, v[0], r.document(v[1])));
            }
            for (Object[] d : badDocuments(r)) {
                cases.add(Arguments.of(r, d[0], r.document((byte[]) d[1])));
            }
            if (r.refusal() == WeightFormatException.class) {
                // serde_json, which the reference safetensors reader uses, has no NaN or Infinity.
                for (String nonFinite : List.of("NaN", "Infinity", "-Infinity")) {
                    cases.add(Arguments.of(r, nonFinite, r.document(nonFinite)));
                }
            }
        }
        return cases.stream();
    }

    @BeforeAll
    static void writeTheShardTheIndexNames() throws IOException {
        new SafetensorsWriter().add("t", TensorDType.F32, new long[] {1}, new byte[4]).write(dir.resolve("s"));
    }

    static Stream<Reader> readerList() {
        return readers().stream();
    }

    /** Without this the cases below could be refused for a reason other than the one they test. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("readerList")
    void theValidDocumentEveryCaseStartsFromIsAccepted(Reader reader) throws Exception {
        for (String value : List.of("1", "\"text\"", "{\"k\": [1, 2.5e3, null, true]}", "[]")) {
            Path file = Files.write(dir.resolve(reader.fileName()), reader.document(value));
            reader.read().read(file);
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void isRefusedInTheFilesTermsWithTheFileAndPosition(Reader reader, String what, byte[] content)
            throws IOException {
        Path file = Files.write(dir.resolve(reader.fileName()), content);
        ModelFileException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(ModelFileException.class, () -> reader.read().read(file)));
        assertEquals(reader.refusal(), e.getClass(), e.getMessage());
        assertEquals(file, e.file());
        String message = e.getMessage();
        assertTrue(message.startsWith(file + ": "), message);
        assertTrue(message.contains("line "), "the message gives the position: " + message);
        assertFalse(message.contains("\n") || message.contains("\u0001"), "one printable line: " + message);
        String lower = message.toLowerCase(Locale.ROOT);
        for (String phrase : INTERNAL_PHRASES) {
            assertFalse(lower.contains(phrase), "'" + phrase + "' in: " + message);
        }
    }
}
