package dev.faceanon.djl.config;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.faceanon.djl.json.BoundedFileReader;
import dev.faceanon.djl.json.JsonTreeReader;
import dev.faceanon.djl.json.StrictJsonReader.Dialect;
import dev.faceanon.model.MissingModelFileException;
import dev.faceanon.model.ModelConfigException;
import dev.faceanon.text.UntrustedText;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * One JSON object of a model configuration file, read with typed, bounded getters.
 *
 * <p>Every getter reports a wrong type, an out-of-range value or a missing required field as a
 * {@link ModelConfigException} naming the file and the field (nested fields as
 * {@code vision_config.hidden_size}). Fields nobody asks for are ignored, as diffusers and
 * transformers ignore them. A JSON {@code null} is a value, not an absent field: Python writes
 * {@code None} as {@code null}, and for most fields {@code None} does not mean "the default".
 * Getters named {@code ...Or} return their default only when the field is absent.
 *
 * <p>Instances are immutable.
 */
public final class ConfigObject {

    /**
     * Upper bound on the size of a configuration file. The published ones are below 5 KB; anything
     * near this bound is not a config file (a weight file picked by mistake, say).
     */
    public static final long MAX_FILE_BYTES = 1L << 20;

    /** Upper bound on the length of any list in a configuration. */
    public static final int MAX_LIST_LENGTH = 100_000;

    private final Path source;
    private final JsonObject json;
    private final String prefix;

    private ConfigObject(Path source, JsonObject json, String prefix) {
        this.source = source;
        this.json = json;
        this.prefix = prefix;
    }

    /**
     * Reads a configuration file.
     *
     * @param file the file
     * @param purpose what the file is, for the message if it is missing (e.g. "diffusers UNet
     *     config.json")
     * @return its top-level object
     * @throws MissingModelFileException if the file does not exist
     * @throws ModelConfigException if it is not a regular file, larger than {@link #MAX_FILE_BYTES},
     *     not UTF-8, not valid JSON, or not a JSON object
     */
    public static ConfigObject read(Path file, String purpose) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(purpose, "purpose");
        if (!Files.exists(file)) {
            throw new MissingModelFileException(file, purpose);
        }
        if (!Files.isRegularFile(file)) {
            throw new ModelConfigException(file, null, "is not a regular file; expected " + purpose);
        }
        return of(parseObject(readBounded(file), file), file);
    }

    /**
     * Wraps an already parsed object (for example a config embedded in another JSON document).
     *
     * @param json the object; it is copied, so later changes to it are not seen
     * @param source the file it came from, used in messages
     * @return the wrapped object
     */
    public static ConfigObject of(JsonObject json, Path source) {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(source, "source");
        return new ConfigObject(source, json.deepCopy(), "");
    }

    /**
     * Parses JSON text that must hold one object.
     *
     * @param text the JSON text
     * @param source the file it came from, used in messages
     * @return the object
     * @throws ModelConfigException if the text is not a single JSON object
     */
    static JsonObject parseObject(String text, Path source) {
        return parseObject(text.getBytes(StandardCharsets.UTF_8), source);
    }

    /**
     * Parses a configuration file's bytes: UTF-8 JSON as Python's {@code json} module writes it (which
     * includes {@code NaN} and {@code -Infinity}: diffusers writes them, e.g. for
     * {@code lambda_min_clipped}), holding one object, with no key twice in any object.
     */
    private static JsonObject parseObject(byte[] utf8, Path source) {
        JsonElement root = JsonTreeReader.parse(utf8, Dialect.PYTHON_JSON,
                description -> new ModelConfigException(source, null, "is not valid JSON: " + description),
                (path, description) -> new ModelConfigException(source, path, description));
        if (!root.isJsonObject()) {
            throw new ModelConfigException(source, null,
                    "must hold a JSON object ({...}), found " + describe(root));
        }
        return root.getAsJsonObject();
    }

    private static byte[] readBounded(Path file) {
        try {
            return BoundedFileReader.read(file, MAX_FILE_BYTES, size -> tooLarge(file, size));
        } catch (IOException e) {
            throw new ModelConfigException(file, null, "cannot be read: " + e, e);
        }
    }

    private static ModelConfigException tooLarge(Path file, long size) {
        return new ModelConfigException(file, null, "is " + size + " bytes; a configuration file is at most "
                + MAX_FILE_BYTES + " bytes. Is this the right file?");
    }

    /** @return the file this object was read from */
    public Path source() {
        return source;
    }

    /** @return a copy of the underlying JSON object, for keys no typed getter covers */
    public JsonObject json() {
        return json.deepCopy();
    }

    /**
     * @param field a key of this object
     * @return the key as messages name it, with the path of enclosing objects
     */
    public String qualified(String field) {
        return prefix + field;
    }

    /**
     * @param field a key
     * @return whether the key is present, even with a {@code null} value
     */
    public boolean contains(String field) {
        return json.has(field);
    }

    /**
     * @param field a key
     * @return whether the key is present with a value other than {@code null}
     */
    public boolean hasValue(String field) {
        JsonElement e = json.get(field);
        return e != null && !e.isJsonNull();
    }

    /**
     * @param field a key
     * @return whether the key holds a list
     */
    public boolean isList(String field) {
        JsonElement e = json.get(field);
        return e != null && e.isJsonArray();
    }

    /**
     * @param field a key
     * @return whether the key holds an object
     */
    public boolean isObject(String field) {
        JsonElement e = json.get(field);
        return e != null && e.isJsonObject();
    }

    /**
     * Builds the exception for a field whose value is not acceptable.
     *
     * @param field the key
     * @param message what is wrong and what is accepted
     * @return the exception, naming the file and the qualified field
     */
    public ModelConfigException invalid(String field, String message) {
        return new ModelConfigException(source, qualified(field), message);
    }

    /**
     * @param field a key whose value must be a JSON object
     * @return that object; fields in messages are named {@code field.inner}
     * @throws ModelConfigException if the key is absent or not an object
     */
    public ConfigObject object(String field) {
        JsonElement e = json.get(field);
        if (e == null) {
            throw invalid(field, "required object is missing");
        }
        if (!e.isJsonObject()) {
            throw invalid(field, "must be a JSON object, found " + describe(e));
        }
        return new ConfigObject(source, e.getAsJsonObject(), qualified(field) + ".");
    }

    /**
     * @param field a key whose value must be an integer
     * @param min smallest accepted value
     * @param max largest accepted value
     * @return the value
     * @throws ModelConfigException if absent, {@code null}, not an integer or out of range
     */
    public int requiredInt(String field, int min, int max) {
        JsonElement e = json.get(field);
        if (e == null) {
            throw invalid(field, "required integer is missing");
        }
        return toInt(field, e, min, max);
    }

    /**
     * @param field a key whose value, if present, must be an integer
     * @param defaultValue the value when the key is absent
     * @param min smallest accepted value
     * @param max largest accepted value
     * @return the value
     */
    public int intOr(String field, int defaultValue, int min, int max) {
        JsonElement e = json.get(field);
        return e == null ? defaultValue : toInt(field, e, min, max);
    }

    /**
     * @param field a key whose value, if present and not {@code null}, must be an integer
     * @param min smallest accepted value
     * @param max largest accepted value
     * @return the value, or empty when absent or {@code null}
     */
    public OptionalInt optionalInt(String field, int min, int max) {
        return hasValue(field) ? OptionalInt.of(toInt(field, json.get(field), min, max)) : OptionalInt.empty();
    }

    /**
     * @param field a key whose value, if present, must be a finite number
     * @param defaultValue the value when the key is absent
     * @param min smallest accepted value (inclusive)
     * @param max largest accepted value (inclusive)
     * @return the value
     */
    public double doubleOr(String field, double defaultValue, double min, double max) {
        JsonElement e = json.get(field);
        return e == null ? defaultValue : toDouble(field, e, min, max);
    }

    /**
     * @param field a key whose value, if present, must be {@code true} or {@code false}
     * @param defaultValue the value when the key is absent
     * @return the value
     */
    public boolean booleanOr(String field, boolean defaultValue) {
        JsonElement e = json.get(field);
        return e == null ? defaultValue : toBoolean(field, e);
    }

    /**
     * @param field a key whose value, if present and not {@code null}, must be a string
     * @return the value, or empty when absent or {@code null}
     */
    public Optional<String> optionalString(String field) {
        return hasValue(field) ? Optional.of(toString(field, json.get(field))) : Optional.empty();
    }

    /**
     * @param field a key whose value, if present, must be a string
     * @param defaultValue the value when the key is absent
     * @return the value
     */
    public String stringOr(String field, String defaultValue) {
        JsonElement e = json.get(field);
        return e == null ? defaultValue : toString(field, e);
    }

    /**
     * A string field restricted to the values this library implements.
     *
     * @param field the key
     * @param defaultValue the value when the key is absent (the upstream default)
     * @param supported the accepted values
     * @return the value
     * @throws ModelConfigException naming the supported values otherwise
     */
    public String oneOf(String field, String defaultValue, Set<String> supported) {
        String value = stringOr(field, defaultValue);
        if (!supported.contains(value)) {
            throw invalid(field, "unsupported value " + UntrustedText.quote(value, '"') + "; supported: "
                    + quoted(supported));
        }
        return value;
    }

    /**
     * A string field whose accepted values are the constants of an enum, spelled as the constant
     * names in lower case (e.g. {@code SCALED_LINEAR} for "scaled_linear").
     *
     * @param <E> the enum
     * @param field the key
     * @param defaultValue the value when the key is absent (the upstream default)
     * @param type the enum class
     * @return the constant
     * @throws ModelConfigException naming the accepted values otherwise
     */
    public <E extends Enum<E>> E enumOr(String field, E defaultValue, Class<E> type) {
        if (!contains(field)) {
            return defaultValue;
        }
        return parseEnum(field, toString(field, json.get(field)), type);
    }

    /**
     * As {@link #enumOr}, for a field whose upstream default is {@code null}.
     *
     * @param <E> the enum
     * @param field the key
     * @param type the enum class
     * @return the constant, or empty when the key is absent or {@code null}
     */
    public <E extends Enum<E>> Optional<E> optionalEnum(String field, Class<E> type) {
        return optionalString(field).map(v -> parseEnum(field, v, type));
    }

    private <E extends Enum<E>> E parseEnum(String field, String value, Class<E> type) {
        Set<String> names = new TreeSet<>();
        for (E constant : type.getEnumConstants()) {
            String name = constant.name().toLowerCase(Locale.ROOT);
            if (name.equals(value)) {
                return constant;
            }
            names.add(name);
        }
        throw invalid(field, "unsupported value " + UntrustedText.quote(value, '"') + "; supported: " + quoted(names));
    }

    /**
     * A field this library only supports at its upstream default of {@code null} (a feature it does
     * not implement).
     *
     * @param field the key
     * @param feature what a non-null value would switch on, for the message
     * @throws ModelConfigException if the key holds anything but {@code null}
     */
    public void requireNull(String field, String feature) {
        if (hasValue(field)) {
            throw invalid(field, "is " + describe(json.get(field)) + ", but " + feature
                    + " is not supported by this library; it must be null or absent");
        }
    }

    /**
     * A boolean field this library supports at one value only.
     *
     * @param field the key
     * @param defaultValue the upstream default, used when absent
     * @param supported the only value this library implements
     * @param feature what the other value means, for the message
     * @throws ModelConfigException if the field is present with the other value
     */
    public void requireBoolean(String field, boolean defaultValue, boolean supported, String feature) {
        if (booleanOr(field, defaultValue) != supported) {
            throw invalid(field, "is " + !supported + ", but " + feature
                    + " is not supported by this library; it must be " + supported);
        }
    }

    /**
     * A list of integers.
     *
     * @param field the key
     * @param defaultValue the value when the key is absent
     * @param min smallest accepted element
     * @param max largest accepted element
     * @return the list (unmodifiable)
     */
    public List<Integer> intList(String field, List<Integer> defaultValue, int min, int max) {
        JsonElement e = json.get(field);
        return e == null ? List.copyOf(defaultValue) : elements(field, e, (f, x) -> toInt(f, x, min, max));
    }

    /**
     * A per-block integer that diffusers accepts either as one integer for every block or as a list
     * with one entry per block.
     *
     * @param field the key
     * @param defaultValue the value for every block when the key is absent
     * @param blocks the number of blocks
     * @param min smallest accepted value
     * @param max largest accepted value
     * @return one value per block (unmodifiable)
     */
    public List<Integer> intPerBlock(String field, int defaultValue, int blocks, int min, int max) {
        JsonElement e = json.get(field);
        if (e == null || !e.isJsonArray()) {
            int value = e == null ? defaultValue : toInt(field, e, min, max);
            return Collections.nCopies(blocks, value);
        }
        List<Integer> values = intList(field, List.of(), min, max);
        if (values.size() != blocks) {
            throw invalid(field, "has " + values.size() + " entries but there are " + blocks
                    + " down blocks; give one integer or one entry per down block");
        }
        return values;
    }

    /**
     * A per-block flag that diffusers accepts either as one boolean for every block or as a list with
     * one entry per block.
     *
     * @param field the key
     * @param defaultValue the value for every block when the key is absent
     * @param blocks the number of blocks
     * @return one value per block (unmodifiable)
     */
    public List<Boolean> booleanPerBlock(String field, boolean defaultValue, int blocks) {
        JsonElement e = json.get(field);
        if (e == null || !e.isJsonArray()) {
            return Collections.nCopies(blocks, booleanOr(field, defaultValue));
        }
        List<Boolean> values = elements(field, e, this::toBoolean);
        if (values.size() != blocks) {
            throw invalid(field, "has " + values.size() + " entries but there are " + blocks
                    + " down blocks; give one boolean or one entry per down block");
        }
        return values;
    }

    /**
     * A list of strings.
     *
     * @param field the key
     * @param defaultValue the value when the key is absent
     * @return the list (unmodifiable)
     */
    public List<String> stringList(String field, List<String> defaultValue) {
        JsonElement e = json.get(field);
        return e == null ? List.copyOf(defaultValue) : elements(field, e, this::toString);
    }

    /**
     * A list of finite numbers.
     *
     * @param field the key
     * @param min smallest accepted element (inclusive)
     * @param max largest accepted element (inclusive)
     * @return the list (unmodifiable), or empty when the key is absent or {@code null}
     */
    public Optional<List<Double>> optionalDoubleList(String field, double min, double max) {
        if (!hasValue(field)) {
            return Optional.empty();
        }
        return Optional.of(elements(field, json.get(field), (f, x) -> toDouble(f, x, min, max)));
    }

    /** Converts each element of a list, naming a faulty element {@code field[i]}. */
    private <T> List<T> elements(String field, JsonElement e, BiFunction<String, JsonElement, T> convert) {
        if (!e.isJsonArray()) {
            throw invalid(field, "must be a list, found " + describe(e));
        }
        JsonArray array = e.getAsJsonArray();
        if (array.size() > MAX_LIST_LENGTH) {
            throw invalid(field, "has " + array.size() + " entries; at most " + MAX_LIST_LENGTH + " are accepted");
        }
        List<T> values = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            values.add(convert.apply(field + "[" + i + "]", array.get(i)));
        }
        return Collections.unmodifiableList(values);
    }

    private boolean toBoolean(String field, JsonElement e) {
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean()) {
            return e.getAsBoolean();
        }
        throw invalid(field, "must be true or false, found " + describe(e));
    }

    private int toInt(String field, JsonElement e, int min, int max) {
        if (!isNumber(e)) {
            throw invalid(field, "must be an integer, found " + describe(e));
        }
        int value;
        try {
            // BigDecimal, not getAsInt(): Gson silently truncates 2.5 to 2 and wraps large values.
            // intValueExact rejects huge exponents before expanding them.
            value = new BigDecimal(e.getAsString()).intValueExact();
        } catch (ArithmeticException | NumberFormatException ex) {
            throw invalid(field, "must be an integer in [" + min + ", " + max + "], found " + e);
        }
        if (value < min || value > max) {
            throw invalid(field, "must be in [" + min + ", " + max + "], found " + value);
        }
        return value;
    }

    private double toDouble(String field, JsonElement e, double min, double max) {
        if (!isNumber(e)) {
            throw invalid(field, "must be a number, found " + describe(e));
        }
        double value = e.getAsDouble();
        if (!Double.isFinite(value) || value < min || value > max) {
            throw invalid(field, "must be a finite number in [" + min + ", " + max + "], found " + e);
        }
        return value;
    }

    private String toString(String field, JsonElement e) {
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
            return e.getAsString();
        }
        throw invalid(field, "must be a string, found " + describe(e));
    }

    private static boolean isNumber(JsonElement e) {
        return e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber();
    }

    /**
     * @param e a JSON value
     * @return a short description for messages: the type, and the value if it is short
     */
    static String describe(JsonElement e) {
        if (e.isJsonNull()) {
            return "null";
        }
        if (e.isJsonObject()) {
            return "an object";
        }
        if (e.isJsonArray()) {
            return "a list";
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        String kind = p.isBoolean() ? "boolean" : p.isNumber() ? "number" : "string";
        String text = UntrustedText.escape(p.toString());
        return kind + " " + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
    }

    private static String quoted(Set<String> values) {
        StringBuilder sb = new StringBuilder();
        for (String v : new TreeSet<>(values)) {
            sb.append(sb.length() == 0 ? "" : ", ").append('"').append(v).append('"');
        }
        return sb.toString();
    }

}
