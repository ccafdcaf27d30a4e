package dev.faceanon.djl.weights;

import static dev.faceanon.djl.weights.SafetensorsBytes.bytes;
import static dev.faceanon.djl.weights.SafetensorsBytes.f32;
import static dev.faceanon.djl.weights.SafetensorsBytes.i64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.faceanon.model.MissingModelFileException;
import dev.faceanon.model.WeightFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardedSafetensorsTest {

    private static final String SHARD1 = "diffusion_pytorch_model-00001-of-00002.safetensors";
    private static final String SHARD2 = "diffusion_pytorch_model-00002-of-00002.safetensors";

    @TempDir
    Path root;

    private Path dir;

    @BeforeEach
    void writeShards() throws IOException {
        dir = Files.createDirectory(root.resolve("unet"));
        new SafetensorsWriter()
                .add("conv_in.weight", TensorDType.F32, new long[] {2, 2}, f32(1, 2, 3, 4))
                .add("conv_in.bias", TensorDType.F32, new long[] {2}, f32(-1, -2))
                .write(dir.resolve(SHARD1));
        new SafetensorsWriter()
                .add("conv_out.weight", TensorDType.F32, new long[] {1, 2}, f32(0.5f, 0.25f))
                .add("step", TensorDType.I64, new long[] {1}, i64(999))
                .write(dir.resolve(SHARD2));
    }

    private Path index(String weightMap) throws IOException {
        return Files.writeString(dir.resolve("diffusion_pytorch_model.safetensors.index.json"),
                "{\"metadata\": {\"total_size\": 56, \"format\": \"pt\", \"nested\": {\"a\": [1]}, \"none\": null},\n"
                        + " \"weight_map\": {" + weightMap + "}}\n");
    }

    private static String mapping(String tensor, String shard) {
        return "\"" + tensor + "\": \"" + shard + "\"";
    }

    private Path validIndex() throws IOException {
        return index(String.join(", ", mapping("conv_in.bias", SHARD1), mapping("conv_in.weight", SHARD1),
                mapping("conv_out.weight", SHARD2), mapping("step", SHARD2)));
    }

    private static void assertRejected(Path index, String fragment) {
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> ShardedSafetensors.open(index));
        assertTrue(e.getMessage().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
    }

    @Test
    void readsEveryTensorFromItsShard() throws IOException {
        Path index = validIndex();
        try (ShardedSafetensors s = ShardedSafetensors.open(index); NDManager m = NDManager.newBaseManager()) {
            assertEquals(index, s.path());
            assertEquals(List.of("conv_in.bias", "conv_in.weight", "conv_out.weight", "step"),
                    s.tensors().stream().map(TensorInfo::name).toList());
            assertEquals(List.of(dir.resolve(SHARD1), dir.resolve(SHARD2)), s.shardFiles());
            assertEquals(Map.of("total_size", "56", "format", "pt"), s.metadata());
            assertArrayEquals(new float[] {1, 2, 3, 4}, s.load("conv_in.weight", m).toFloatArray());
            assertArrayEquals(new float[] {0.5f, 0.25f}, s.load("conv_out.weight", m).toFloatArray());
            assertArrayEquals(new long[] {999}, s.load("step", m).toLongArray());
            assertArrayEquals(f32(-1, -2), bytes(s.raw("conv_in.bias")));
            assertArrayEquals(new long[] {1, 2}, s.info("conv_out.weight").shape());
            assertFalse(s.find("absent").isPresent());
            assertThrows(NoSuchElementException.class, () -> s.raw("absent"));
        }
    }

    @Test
    void closeClosesEveryShard() throws IOException {
        ShardedSafetensors s = ShardedSafetensors.open(validIndex());
        s.close();
        assertThrows(IllegalStateException.class, () -> s.raw("conv_in.weight"));
        assertThrows(IllegalStateException.class, () -> s.raw("step"));
        assertEquals(0, SafetensorsFileTest.openDescriptorsOf(dir.resolve(SHARD1)));
        assertEquals(0, SafetensorsFileTest.openDescriptorsOf(dir.resolve(SHARD2)));
    }

    @Test
    void tensorSourcesChoosesTheReaderByName() throws IOException {
        try (TensorSource sharded = TensorSources.open(validIndex());
                TensorSource single = TensorSources.open(dir.resolve(SHARD2))) {
            assertInstanceOf(ShardedSafetensors.class, sharded);
            assertEquals(4, sharded.tensors().size());
            assertInstanceOf(SafetensorsFile.class, single);
            assertEquals(2, single.tensors().size());
        }
    }

    @Test
    void shardNamesMustStayInTheIndexFolder() throws IOException {
        // A valid file really exists one level up: it must be refused, not opened.
        Files.copy(dir.resolve(SHARD1), root.resolve("x.safetensors"));
        Files.createDirectory(dir.resolve("sub"));
        Files.copy(dir.resolve(SHARD1), dir.resolve("sub").resolve("x.safetensors"));
        for (String name : List.of("../x.safetensors", "..", ".", "", "sub/x.safetensors",
                root.resolve("x.safetensors").toString(), "..\\\\x.safetensors", "C:x.safetensors")) {
            assertRejected(index(mapping("conv_in.weight", name)), "is not a plain file name in the index's folder");
        }
    }

    @Test
    void missingShardNamesTheExpectedPath() throws IOException {
        Files.delete(dir.resolve(SHARD2));
        Path index = validIndex();
        MissingModelFileException e = assertThrows(MissingModelFileException.class,
                () -> ShardedSafetensors.open(index));
        assertEquals(dir.resolve(SHARD2), e.file());
        assertEquals("shard of " + index, e.purpose());
        assertTrue(e.getMessage().contains("shard of " + index), e.getMessage());
    }

    @Test
    void indexAndShardsMustAgree() throws IOException {
        assertRejected(index(String.join(", ", mapping("conv_in.bias", SHARD2), mapping("conv_in.weight", SHARD1),
                mapping("conv_out.weight", SHARD2), mapping("step", SHARD2))),
                "tensor 'conv_in.bias' is mapped to shard '" + SHARD2 + "', which does not contain it");
        assertRejected(index(String.join(", ", mapping("conv_in.weight", SHARD1), mapping("conv_out.weight", SHARD2),
                mapping("step", SHARD2))), "holds tensor 'conv_in.bias', which the weight_map does not list");
        assertRejected(index(String.join(", ", mapping("conv_in.bias", SHARD1), mapping("conv_in.bias", SHARD2))),
                "tensor 'conv_in.bias' appears twice in the weight_map");
    }

    @Test
    void tensorInTwoShardsIsRejected() throws IOException {
        new SafetensorsWriter()
                .add("conv_out.weight", TensorDType.F32, new long[] {1, 2}, f32(0.5f, 0.25f))
                .add("conv_in.bias", TensorDType.F32, new long[] {2}, f32(7, 8))
                .write(dir.resolve(SHARD2));
        assertRejected(index(String.join(", ", mapping("conv_in.bias", SHARD1), mapping("conv_in.weight", SHARD1),
                mapping("conv_out.weight", SHARD2))), "tensor 'conv_in.bias' is in two shards");
    }

    private void assertIndexRejected(String json, String fragment) throws IOException {
        assertRejected(Files.writeString(dir.resolve("model.safetensors.index.json"), json), fragment);
    }

    @Test
    void malformedIndexes() throws IOException {
        assertIndexRejected("{\"weight_map\": ", "ends before it is complete");
        assertIndexRejected("{\"metadata\": {}}", "the index has no weight_map");
        assertIndexRejected("{\"weight_map\": {}}", "the weight_map is empty");
        assertIndexRejected("{\"weight_map\": {\"a\": 3}}", "the shard of tensor 'a' is a number, expected a string");
        assertIndexRejected("{\"weight_map\": [\"a\"]}", "the weight_map is an array, expected a JSON object");
        assertIndexRejected("{\"weight_map\": {}, \"weight_map\": {}}", "duplicate key 'weight_map'");
        assertIndexRejected("{\"weight_map\": {\"a\": \"" + SHARD1 + "\"}, \"extra\": " + "[".repeat(100)
                + "]".repeat(100) + "}", "nests deeper than 32 levels");
    }

    @Test
    void shardWithBytesNoTensorOwnsIsReportedWithItsOwnPath() throws IOException {
        Path shard = dir.resolve(SHARD2);
        Files.write(shard, new byte[] {0, 0, 0, 0}, java.nio.file.StandardOpenOption.APPEND);
        WeightFormatException e = assertThrows(WeightFormatException.class,
                () -> ShardedSafetensors.open(validIndex()));
        assertEquals(shard, e.file());
        assertTrue(e.getMessage().contains("the 4 bytes after them belong to no tensor"), e.getMessage());
    }

    @Test
    void invalidShardIsReportedWithItsOwnPath() throws IOException {
        Files.write(dir.resolve(SHARD2), new byte[] {1, 2, 3});
        WeightFormatException e = assertThrows(WeightFormatException.class,
                () -> ShardedSafetensors.open(validIndex()));
        assertEquals(dir.resolve(SHARD2), e.file());
    }
}
