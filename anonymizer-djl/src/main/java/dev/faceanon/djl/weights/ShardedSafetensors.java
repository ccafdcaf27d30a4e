package dev.faceanon.djl.weights;

import static dev.faceanon.djl.weights.WeightJsonReader.quoted;

import dev.faceanon.djl.json.StrictJsonReader.Token;
import dev.faceanon.model.MissingModelFileException;
import dev.faceanon.model.WeightFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A checkpoint split into several safetensors files, opened through its index ({@code
 * *.safetensors.index.json}: {@code {"metadata": {...}, "weight_map": {tensor: shard file name}}},
 * as transformers and diffusers write it).
 *
 * <p>Rules checked when opening: the index is strict JSON of at most {@link #MAX_INDEX_BYTES}
 * with a non-empty {@code weight_map} and no duplicate keys; every shard name is a plain file name
 * (no directory part, not {@code .} or {@code ..}), resolved next to the index; every shard exists
 * ({@link MissingModelFileException} otherwise) and is a valid safetensors file; each tensor lies
 * in exactly the shard the map names, no tensor lies in two shards, and no shard holds a tensor the
 * map does not list. Top-level keys other than {@code metadata} and {@code weight_map} are
 * ignored, as are nested values inside {@code metadata}.
 */
public final class ShardedSafetensors implements TensorSource {

    /** Largest index accepted; a large language model's index is a few MB. */
    static final long MAX_INDEX_BYTES = 16L << 20;

    private final Path index;
    private final Map<String, String> metadata;
    private final List<SafetensorsFile> shards;
    private final Map<String, SafetensorsFile> owners;
    private final List<TensorInfo> tensors;

    private ShardedSafetensors(Path index, Map<String, String> metadata, List<SafetensorsFile> shards,
            Map<String, SafetensorsFile> owners) {
        this.index = index;
        this.metadata = metadata;
        this.shards = List.copyOf(shards);
        this.owners = owners;
        List<TensorInfo> infos = new ArrayList<>(owners.size());
        owners.forEach((name, shard) -> infos.add(shard.info(name)));
        this.tensors = List.copyOf(infos);
    }

    /**
     * Opens a sharded checkpoint and each of its shards once.
     *
     * @param indexFile the {@code *.safetensors.index.json} file
     * @return the open checkpoint; close it when done
     * @throws WeightFormatException if the index or a shard is invalid, or they disagree
     * @throws MissingModelFileException naming the expected path if a shard does not exist
     * @throws java.nio.file.NoSuchFileException if the index does not exist
     * @throws IOException if reading a file fails
     */
    public static ShardedSafetensors open(Path indexFile) throws IOException {
        Objects.requireNonNull(indexFile, "indexFile");
        long size = Files.size(indexFile);
        if (size > MAX_INDEX_BYTES) {
            throw new WeightFormatException(indexFile, "the index is " + size + " bytes, more than the limit of "
                    + MAX_INDEX_BYTES);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, String> weightMap = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(indexFile)) {
            readIndex(WeightJsonReader.of(in, indexFile), metadata, weightMap);
        }
        List<SafetensorsFile> opened = new ArrayList<>();
        try {
            Map<String, SafetensorsFile> byShardName = new LinkedHashMap<>();
            for (String shardName : weightMap.values()) {
                if (!byShardName.containsKey(shardName)) {
                    SafetensorsFile shard = openShard(indexFile, shardName);
                    opened.add(shard);
                    byShardName.put(shardName, shard);
                }
            }
            Map<String, SafetensorsFile> owners = checkAgainstShards(indexFile, weightMap, byShardName);
            return new ShardedSafetensors(indexFile, Collections.unmodifiableMap(metadata), opened, owners);
        } catch (IOException | RuntimeException e) {
            opened.forEach(SafetensorsFile::close);
            throw e;
        }
    }

    /** @return the index file */
    @Override
    public Path path() {
        return index;
    }

    /** @return every tensor, in the order of the index's {@code weight_map} */
    @Override
    public List<TensorInfo> tensors() {
        return tensors;
    }

    @Override
    public Optional<TensorInfo> find(String name) {
        SafetensorsFile shard = owners.get(name);
        return shard == null ? Optional.empty() : shard.find(name);
    }

    @Override
    public ByteBuffer raw(String name) {
        SafetensorsFile shard = owners.get(name);
        if (shard == null) {
            throw new NoSuchElementException("no tensor " + quoted(name) + " in " + index);
        }
        return shard.raw(name);
    }

    /**
     * @return the index's {@code metadata} entries whose values are scalars, as text (e.g. {@code
     *     total_size}); entries whose value is null are left out
     */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** @return the shard files, in the order the index first names them */
    public List<Path> shardFiles() {
        List<Path> files = new ArrayList<>(shards.size());
        shards.forEach(s -> files.add(s.path()));
        return Collections.unmodifiableList(files);
    }

    /** Closes every shard. */
    @Override
    public void close() {
        shards.forEach(SafetensorsFile::close);
    }

    @Override
    public String toString() {
        return "ShardedSafetensors[" + index + ", " + shards.size() + " shards, " + tensors.size() + " tensors]";
    }

    private static void readIndex(WeightJsonReader r, Map<String, String> metadata, Map<String, String> weightMap)
            throws IOException {
        Set<String> keys = new HashSet<>();
        r.beginObject("the index");
        while (r.hasNext()) {
            String key = r.nextName();
            if (!keys.add(key)) {
                throw r.errorHere("duplicate key " + quoted(key) + " in the index");
            }
            if ("metadata".equals(key)) {
                readMetadata(r, metadata);
            } else if ("weight_map".equals(key)) {
                readWeightMap(r, weightMap);
            } else {
                r.skipValue("the index entry " + quoted(key));
            }
        }
        r.endObject();
        r.expectEndOfDocument();
        if (weightMap.isEmpty()) {
            throw r.error(keys.contains("weight_map") ? "the weight_map is empty" : "the index has no weight_map");
        }
    }

    private static void readMetadata(WeightJsonReader r, Map<String, String> metadata) throws IOException {
        r.beginObject("the index metadata");
        Set<String> keys = new HashSet<>();
        while (r.hasNext()) {
            String key = r.nextName();
            if (!keys.add(key)) {
                throw r.errorHere("duplicate key " + quoted(key) + " in the index metadata");
            }
            Token t = r.peek();
            if (t == Token.BEGIN_OBJECT || t == Token.BEGIN_ARRAY) {
                r.skipValue("the index metadata " + quoted(key));
            } else {
                String value = r.nextScalarAsText("the index metadata " + quoted(key));
                if (value != null) {
                    metadata.put(key, value);
                }
            }
        }
        r.endObject();
    }

    private static void readWeightMap(WeightJsonReader r, Map<String, String> weightMap) throws IOException {
        r.beginObject("the weight_map");
        while (r.hasNext()) {
            String tensor = r.nextName();
            if (weightMap.containsKey(tensor)) {
                throw r.errorHere("tensor " + quoted(tensor) + " appears twice in the weight_map");
            }
            if (weightMap.size() == SafetensorsHeader.MAX_TENSORS) {
                throw r.error("more than " + SafetensorsHeader.MAX_TENSORS + " tensors in the weight_map");
            }
            String shard = r.nextString("the shard of tensor " + quoted(tensor));
            checkPlainFileName(r, tensor, shard);
            weightMap.put(tensor, shard);
        }
        r.endObject();
    }

    /** Shard names come from an untrusted file: they must not reach outside the index's folder. */
    private static void checkPlainFileName(WeightJsonReader r, String tensor, String shard) {
        boolean plain = !shard.isEmpty() && !shard.equals(".") && !shard.equals("..")
                && shard.indexOf('/') < 0 && shard.indexOf('\\') < 0 && shard.indexOf(':') < 0
                && shard.indexOf('\0') < 0;
        if (!plain) {
            throw r.error("the shard " + quoted(shard) + " of tensor " + quoted(tensor)
                    + " is not a plain file name in the index's folder");
        }
    }

    private static SafetensorsFile openShard(Path indexFile, String shardName) throws IOException {
        Path shard = indexFile.resolveSibling(shardName);
        if (!Files.isRegularFile(shard)) {
            throw new MissingModelFileException(shard, "shard of " + indexFile);
        }
        return SafetensorsFile.open(shard);
    }

    private static Map<String, SafetensorsFile> checkAgainstShards(Path indexFile, Map<String, String> weightMap,
            Map<String, SafetensorsFile> byShardName) {
        Map<String, SafetensorsFile> holder = new LinkedHashMap<>();
        for (SafetensorsFile shard : byShardName.values()) {
            for (TensorInfo t : shard.tensors()) {
                SafetensorsFile other = holder.putIfAbsent(t.name(), shard);
                if (other != null) {
                    throw new WeightFormatException(indexFile, "tensor " + quoted(t.name()) + " is in two shards: "
                            + other.path().getFileName() + " and " + shard.path().getFileName());
                }
            }
        }
        Map<String, SafetensorsFile> owners = new LinkedHashMap<>();
        weightMap.forEach((tensor, shardName) -> {
            SafetensorsFile shard = byShardName.get(shardName);
            if (shard.find(tensor).isEmpty()) {
                throw new WeightFormatException(indexFile, "tensor " + quoted(tensor) + " is mapped to shard "
                        + quoted(shardName) + ", which does not contain it");
            }
            owners.put(tensor, shard);
        });
        holder.forEach((tensor, shard) -> {
            if (!weightMap.containsKey(tensor)) {
                throw new WeightFormatException(indexFile, "shard " + shard.path().getFileName() + " holds tensor "
                        + quoted(tensor) + ", which the weight_map does not list");
            }
        });
        return owners;
    }
}
