package dev.faceanon.bench.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.faceanon.bench.PeakRssProfiler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The results of one JMH run as written by {@code -rf json}: one {@link BenchmarkRow} per entry,
 * in file order, with the peak resident memory that {@link PeakRssProfiler} adds (while running and
 * during the setup), and the JVM the forks ran on.
 *
 * @param rows the results
 * @param jvm the forks' JVM, e.g. {@code 17.0.15 (OpenJDK 64-Bit Server VM 17.0.15+6-Debian-1deb12u1)}
 */
public record JmhRun(List<BenchmarkRow> rows, String jvm) {

    /** Copies the rows. */
    public JmhRun {
        rows = List.copyOf(rows);
    }

    /**
     * @param json the text of a JMH JSON result file
     * @return its results
     * @throws IllegalArgumentException if the text is not a JMH JSON result array
     */
    public static JmhRun parse(String json) {
        JsonElement root;
        try {
            root = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (!root.isJsonArray()) {
            throw new IllegalArgumentException("a JMH JSON result file is an array of results");
        }
        JsonArray entries = root.getAsJsonArray();
        List<BenchmarkRow> rows = new ArrayList<>();
        String jvm = "unknown";
        for (int i = 0; i < entries.size(); i++) {
            if (!entries.get(i).isJsonObject()) {
                throw new IllegalArgumentException("result " + i + " is not an object");
            }
            JsonObject entry = entries.get(i).getAsJsonObject();
            rows.add(row(entry, i));
            if (i == 0) {
                jvm = string(entry, "jdkVersion", i) + " (" + string(entry, "vmName", i) + " "
                        + string(entry, "vmVersion", i) + ")";
            }
        }
        return new JmhRun(rows, jvm);
    }

    private static BenchmarkRow row(JsonObject entry, int index) {
        Map<String, String> params = new LinkedHashMap<>();
        if (entry.has("params")) {
            for (Map.Entry<String, JsonElement> p : object(entry, "params", index).entrySet()) {
                params.put(p.getKey(), p.getValue().getAsString());
            }
        }
        JsonObject primary = object(entry, "primaryMetric", index);
        JsonObject secondary = entry.has("secondaryMetrics") ? object(entry, "secondaryMetrics", index)
                : new JsonObject();
        return new BenchmarkRow(string(entry, "benchmark", index), string(entry, "mode", index), params,
                number(primary, "score", index), number(primary, "scoreError", index), samples(primary, index),
                string(primary, "scoreUnit", index), memory(secondary, PeakRssProfiler.LABEL, index),
                memory(secondary, PeakRssProfiler.SETUP_LABEL, index));
    }

    /** rawData holds one array of iteration values per fork. */
    private static List<Double> samples(JsonObject primary, int index) {
        JsonElement raw = primary.get("rawData");
        if (raw == null || !raw.isJsonArray()) {
            throw new IllegalArgumentException("result " + index + ": 'rawData' is missing or not an array");
        }
        List<Double> values = new ArrayList<>();
        for (JsonElement fork : raw.getAsJsonArray()) {
            if (!fork.isJsonArray()) {
                throw new IllegalArgumentException("result " + index + ": 'rawData' is not an array of arrays");
            }
            for (JsonElement v : fork.getAsJsonArray()) {
                try {
                    values.add(v.getAsDouble());
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("result " + index + ": 'rawData' holds a non-number " + v, e);
                }
            }
        }
        return values;
    }

    private static OptionalDouble memory(JsonObject secondary, String label, int index) {
        if (!secondary.has(label)) {
            return OptionalDouble.empty();
        }
        JsonObject metric = object(secondary, label, index);
        String unit = string(metric, "scoreUnit", index);
        if (!unit.equals(PeakRssProfiler.UNIT)) {
            throw new IllegalArgumentException("result " + index + ": " + label + " is in " + unit + ", expected "
                    + PeakRssProfiler.UNIT);
        }
        return OptionalDouble.of(number(metric, "score", index));
    }

    private static JsonObject object(JsonObject o, String key, int index) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonObject()) {
            throw new IllegalArgumentException("result " + index + ": '" + key + "' is missing or not an object");
        }
        return e.getAsJsonObject();
    }

    private static String string(JsonObject o, String key, int index) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive()) {
            throw new IllegalArgumentException("result " + index + ": '" + key + "' is missing or not a value");
        }
        return e.getAsString();
    }

    /** JMH writes NaN (an error from too few iterations) as the string "NaN". */
    private static double number(JsonObject o, String key, int index) {
        String text = string(o, key, index);
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("result " + index + ": '" + key + "' is not a number: " + text, e);
        }
    }
}
