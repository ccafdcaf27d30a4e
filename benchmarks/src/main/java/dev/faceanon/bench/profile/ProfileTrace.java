package dev.faceanon.bench.profile;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * A chrome trace written by libtorch's profiler ({@code JniUtils.stopProfile}): a JSON array of
 * complete events ({@code "ph": "X"}) with input shapes. Operators nest (conv2d calls convolution
 * calls mkldnn_convolution); only the outermost call of each nest is what the library asked for.
 */
public final class ProfileTrace {
    private final List<TraceEvent> events;

    private ProfileTrace(List<TraceEvent> events) {
        this.events = events;
    }

    /**
     * @param file a trace file
     * @return its events
     * @throws IOException if it cannot be read
     */
    public static ProfileTrace read(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return of(JsonParser.parseReader(in));
        }
    }

    /**
     * @param json the trace: an array of events, or an object with {@code traceEvents}
     * @return its complete events
     */
    public static ProfileTrace of(JsonElement json) {
        JsonArray array = json.isJsonArray() ? json.getAsJsonArray()
                : json.getAsJsonObject().getAsJsonArray("traceEvents");
        List<TraceEvent> events = new ArrayList<>();
        for (JsonElement e : array) {
            JsonObject o = e.getAsJsonObject();
            if (!o.has("ph") || !"X".equals(o.get("ph").getAsString())) {
                continue;
            }
            List<long[]> shapes = new ArrayList<>();
            if (o.has("shape") && o.get("shape").isJsonArray()) {
                for (JsonElement s : o.getAsJsonArray("shape")) {
                    JsonArray dims = s.isJsonArray() ? s.getAsJsonArray() : new JsonArray();
                    long[] shape = new long[dims.size()];
                    for (int i = 0; i < shape.length; i++) {
                        shape[i] = dims.get(i).isJsonPrimitive() && dims.get(i).getAsJsonPrimitive().isNumber()
                                ? dims.get(i).getAsLong() : -1;
                    }
                    shapes.add(shape);
                }
            }
            long thread = o.has("tid") && o.get("tid").getAsJsonPrimitive().isNumber() ? o.get("tid").getAsLong() : 0;
            events.add(new TraceEvent(o.get("name").getAsString(), o.get("ts").getAsDouble(),
                    o.get("dur").getAsDouble(), thread, shapes));
        }
        return new ProfileTrace(events);
    }

    /** @return every event */
    public List<TraceEvent> events() {
        return events;
    }

    /**
     * @return the events no other event of the same thread encloses, in start order
     */
    public List<TraceEvent> outermost() {
        List<TraceEvent> sorted = new ArrayList<>(events);
        // Enclosing events first when two start together.
        sorted.sort(Comparator.comparingLong(TraceEvent::thread).thenComparingDouble(TraceEvent::start)
                .thenComparing(Comparator.comparingDouble(TraceEvent::duration).reversed()));
        List<TraceEvent> out = new ArrayList<>();
        Deque<TraceEvent> open = new ArrayDeque<>();
        for (TraceEvent e : sorted) {
            while (!open.isEmpty() && (open.peek().thread() != e.thread() || open.peek().end() <= e.start())) {
                open.pop();
            }
            if (open.isEmpty()) {
                out.add(e);
            }
            open.push(e);
        }
        out.sort(Comparator.comparingDouble(TraceEvent::start));
        return out;
    }
}
