package dev.faceanon.video.ffmpeg;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.faceanon.djl.json.JsonTreeReader;
import dev.faceanon.djl.json.StrictJsonReader;
import dev.faceanon.text.UntrustedText;
import dev.faceanon.video.Rational;
import dev.faceanon.video.VideoFormatException;
import dev.faceanon.video.VideoInfo;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What ffprobe says about an input, read from its JSON with the project's strict reader and
 * checked field by field: everything in it comes from the file, so every size, count and rate is
 * bounded before it is used, and every problem is a {@link VideoFormatException} naming the file
 * and the field.
 *
 * @param info the description the library works with
 * @param streamIndex the index of the video stream to decode (the first that is not a cover picture)
 * @param demuxer the demuxer decoding is held to
 */
record FfprobeReport(VideoInfo info, int streamIndex, String demuxer) {

    /** Largest ffprobe output read; the entries asked for take a few kilobytes. */
    static final int MAX_JSON_BYTES = 1 << 20;
    /** Most streams accepted in one file. */
    static final int MAX_STREAMS = 256;
    /** Longest frame side accepted (H.264 and H.265 stop at 16384, AV1 at 65536). */
    static final int MAX_SIDE = 65536;
    /** Frame rates outside [1/1000, 1000] frames per second are refused as absurd. */
    static final double MAX_FPS = 1000;
    /** Largest frame count or time-base denominator taken from a file. */
    static final long MAX_COUNT = 1_000_000_000L;

    /** The entries asked of ffprobe: only what is parsed below (no tags but the rotation). */
    static final String ENTRIES = "format=format_name,duration"
            + ":stream=index,codec_type,codec_name,width,height,r_frame_rate,avg_frame_rate,time_base,nb_frames"
            + ",duration"
            + ":stream_disposition=attached_pic:stream_tags=rotate:stream_side_data=rotation";

    /**
     * @param json ffprobe's output
     * @param file the file's name, for messages
     * @param maxPixels the largest frame accepted
     * @return the report
     * @throws VideoFormatException if the output is malformed, describes no video stream, or holds a
     *     value out of range
     */
    static FfprobeReport parse(byte[] json, String file, long maxPixels) {
        String where = "ffprobe's description of " + UntrustedText.quote(file);
        JsonElement root = JsonTreeReader.parse(json, StrictJsonReader.Dialect.RFC_8259,
                message -> new VideoFormatException(where + " is not valid JSON: " + message),
                (path, description) -> new VideoFormatException(where + ": " + path + " " + description));
        Fields fields = new Fields(where);
        JsonObject top = fields.object(root, "the document");
        JsonObject format = fields.object(top.get("format"), "format");
        String formatName = fields.string(format, "format", "format_name");
        String demuxer = ContainerFormat.demuxer(formatName).orElseThrow(() -> new VideoFormatException(
                UntrustedText.quote(file) + " is in container format " + UntrustedText.quote(formatName)
                        + ", which is not accepted; accepted are " + ContainerFormat.accepted()));
        JsonArray streams = fields.array(top.get("streams"), "streams");
        if (streams.size() > MAX_STREAMS) {
            throw new VideoFormatException(where + " lists " + streams.size() + " streams, more than "
                    + MAX_STREAMS + " are refused");
        }
        JsonObject found = null;
        String foundPath = null;
        int audio = 0;
        for (int i = 0; i < streams.size(); i++) {
            String path = "streams[" + i + "]";
            JsonObject s = fields.object(streams.get(i), path);
            String type = fields.optionalString(s, path, "codec_type").orElse("");
            if (type.equals("audio")) {
                audio++;
            } else if (type.equals("video") && found == null && !coverPicture(fields, s, path)) {
                found = s;
                foundPath = path;
            }
        }
        if (found == null) {
            throw new VideoFormatException(UntrustedText.quote(file) + " has no video stream");
        }
        JsonObject video = found;
        String videoPath = foundPath;
        int index = (int) fields.integer(video, videoPath, "index", 0, MAX_STREAMS * 64L);
        int width = (int) fields.integer(video, videoPath, "width", 1, MAX_SIDE);
        int height = (int) fields.integer(video, videoPath, "height", 1, MAX_SIDE);
        if ((long) width * height > maxPixels) {
            throw new VideoFormatException(String.format(Locale.ROOT, "%s has frames of %dx%d = %d pixels, above the"
                    + " limit of %d", UntrustedText.quote(file), width, height, (long) width * height, maxPixels));
        }
        Rational rate = frameRate(fields, video, videoPath);
        Rational timeBase = fields.rational(video, videoPath, "time_base").orElseThrow(
                () -> fields.error(videoPath + ".time_base is missing"));
        if (timeBase.numerator() > MAX_COUNT || timeBase.denominator() > MAX_COUNT) {
            throw fields.error(videoPath + ".time_base " + timeBase + " is out of range");
        }
        OptionalLong frames = fields.countString(video, videoPath, "nb_frames");
        OptionalDouble duration = fields.seconds(video, videoPath, "duration");
        if (duration.isEmpty()) {
            duration = fields.seconds(format, "format", "duration");
        }
        int rotation = rotation(fields, video, videoPath);
        String codec = fields.optionalString(video, videoPath, "codec_name").orElse("unknown");
        VideoInfo info = new VideoInfo(width, height, rotation, rate, timeBase, frames, duration, audio, formatName,
                codec);
        return new FfprobeReport(info, index, demuxer);
    }

    private static boolean coverPicture(Fields fields, JsonObject stream, String path) {
        JsonElement d = stream.get("disposition");
        if (d == null) {
            return false;
        }
        JsonObject disposition = fields.object(d, path + ".disposition");
        return disposition.has("attached_pic")
                && fields.integer(disposition, path + ".disposition", "attached_pic", 0, 1) == 1;
    }

    /** The average rate where the file states one (variable-rate phone videos), else the base rate. */
    private static Rational frameRate(Fields fields, JsonObject video, String path) {
        Optional<Rational> average = fields.rational(video, path, "avg_frame_rate");
        Rational rate = average.or(() -> fields.rational(video, path, "r_frame_rate")).orElseThrow(
                () -> fields.error(path + " states no frame rate (avg_frame_rate and r_frame_rate are 0/0 or"
                        + " missing)"));
        double fps = rate.toDouble();
        if (!(fps >= 1 / MAX_FPS && fps <= MAX_FPS) || rate.denominator() > MAX_COUNT) {
            throw fields.error(path + " frame rate " + rate + " is outside 1/1000..1000 frames per second");
        }
        return rate;
    }

    /**
     * The counter-clockwise display rotation: from the display matrix where there is one, else from
     * the {@code rotate} tag older ffmpeg versions report (clockwise).
     */
    private static int rotation(Fields fields, JsonObject video, String path) {
        double degrees = 0;
        boolean found = false;
        JsonElement sideData = video.get("side_data_list");
        if (sideData != null) {
            JsonArray list = fields.array(sideData, path + ".side_data_list");
            for (int i = 0; i < list.size() && !found; i++) {
                String p = path + ".side_data_list[" + i + "]";
                JsonObject entry = fields.object(list.get(i), p);
                if (entry.has("rotation")) {
                    degrees = fields.number(entry, p, "rotation", -3600, 3600);
                    found = true;
                }
            }
        }
        if (!found && video.get("tags") != null) {
            JsonObject tags = fields.object(video.get("tags"), path + ".tags");
            Optional<String> rotate = fields.optionalString(tags, path + ".tags", "rotate");
            if (rotate.isPresent()) {
                try {
                    degrees = -Integer.parseInt(rotate.get());
                } catch (NumberFormatException e) {
                    throw fields.error(path + ".tags.rotate is not a whole number of degrees: "
                            + UntrustedText.quote(rotate.get()));
                }
            }
        }
        if (degrees != Math.rint(degrees) || ((long) degrees) % 90 != 0) {
            throw fields.error(path + " is displayed rotated by " + degrees + " degrees; only quarter turns are"
                    + " supported");
        }
        return (int) Math.floorMod((long) degrees, 360L);
    }

    /** Typed access to the fields of one ffprobe report, with messages naming the file and the field. */
    private record Fields(String where) {

        VideoFormatException error(String what) {
            return new VideoFormatException(where + ": " + what);
        }

        JsonObject object(JsonElement e, String path) {
            if (e == null || !e.isJsonObject()) {
                throw error(path + " is missing or not an object");
            }
            return e.getAsJsonObject();
        }

        JsonArray array(JsonElement e, String path) {
            if (e == null || !e.isJsonArray()) {
                throw error(path + " is missing or not an array");
            }
            return e.getAsJsonArray();
        }

        String string(JsonObject o, String path, String key) {
            return optionalString(o, path, key).orElseThrow(() -> error(path + "." + key + " is missing"));
        }

        Optional<String> optionalString(JsonObject o, String path, String key) {
            JsonElement e = o.get(key);
            if (e == null) {
                return Optional.empty();
            }
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                throw error(path + "." + key + " is not a string");
            }
            String s = e.getAsString();
            if (s.length() > 200) {
                throw error(path + "." + key + " is longer than 200 characters");
            }
            return Optional.of(s);
        }

        double number(JsonObject o, String path, String key, double min, double max) {
            JsonElement e = o.get(key);
            if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
                throw error(path + "." + key + " is missing or not a number");
            }
            BigDecimal v = e.getAsJsonPrimitive().getAsBigDecimal();
            if (v.compareTo(BigDecimal.valueOf(min)) < 0 || v.compareTo(BigDecimal.valueOf(max)) > 0) {
                throw error(path + "." + key + " = " + UntrustedText.abbreviate(v.toString()) + " is outside "
                        + plain(min) + ".." + plain(max));
            }
            return v.doubleValue();
        }

        private static String plain(double v) {
            return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        }

        long integer(JsonObject o, String path, String key, long min, long max) {
            double v = number(o, path, key, min, max);
            if (v != Math.rint(v)) {
                throw error(path + "." + key + " is not a whole number");
            }
            return (long) v;
        }

        /** A rational such as {@code 30000/1001}; {@code 0/0} and absence both mean "not stated". */
        Optional<Rational> rational(JsonObject o, String path, String key) {
            Optional<String> text = optionalString(o, path, key);
            if (text.isEmpty() || text.get().equals("0/0") || text.get().startsWith("0/")) {
                return Optional.empty();
            }
            try {
                return Optional.of(Rational.parse(text.get()));
            } catch (IllegalArgumentException e) {
                throw error(path + "." + key + " is not a positive rational N/D: " + UntrustedText.quote(text.get()));
            }
        }

        /** A count ffprobe writes as a string, such as {@code nb_frames}; absent or {@code N/A} means "not stated". */
        OptionalLong countString(JsonObject o, String path, String key) {
            Optional<String> text = optionalString(o, path, key);
            if (text.isEmpty() || text.get().equals("N/A")) {
                return OptionalLong.empty();
            }
            String s = text.get();
            if (s.isEmpty() || s.length() > 12 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw error(path + "." + key + " is not a count: " + UntrustedText.quote(s));
            }
            long v = Long.parseLong(s);
            if (v > MAX_COUNT) {
                throw error(path + "." + key + " = " + v + " is above " + MAX_COUNT);
            }
            // Some containers write 0 where they do not know.
            return v == 0 ? OptionalLong.empty() : OptionalLong.of(v);
        }

        /** A duration in seconds ffprobe writes as a decimal string; absent or {@code N/A} means "not stated". */
        OptionalDouble seconds(JsonObject o, String path, String key) {
            Optional<String> text = optionalString(o, path, key);
            if (text.isEmpty() || text.get().equals("N/A")) {
                return OptionalDouble.empty();
            }
            String s = text.get();
            if (!s.matches("[0-9]{1,12}(\\.[0-9]{1,12})?")) {
                throw error(path + "." + key + " is not a duration in seconds: " + UntrustedText.quote(s));
            }
            return OptionalDouble.of(Double.parseDouble(s));
        }
    }
}
