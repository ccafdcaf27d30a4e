package dev.faceanon.video.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.video.Rational;
import dev.faceanon.video.VideoFormatException;
import dev.faceanon.video.VideoInfo;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * ffprobe's description is input from the file: read strictly, every value bounded, every problem
 * a {@link VideoFormatException} naming the file and the field.
 */
class FfprobeReportTest {
    private static final long PIXELS = 8192L * 8192L;

    /** A description with one video stream (with the given extra members) and one audio stream. */
    private static String json(String videoExtra, String format) {
        return "{\"programs\": [], \"streams\": [{\"index\": 0, \"codec_name\": \"h264\", \"codec_type\": \"video\","
                + " \"width\": 640, \"height\": 360, \"r_frame_rate\": \"30000/1001\","
                + " \"avg_frame_rate\": \"30000/1001\","
                + " \"time_base\": \"1/30000\", \"nb_frames\": \"300\", \"duration\": \"10.010000\"" + videoExtra + "},"
                + " {\"index\": 1, \"codec_name\": \"aac\", \"codec_type\": \"audio\", \"time_base\": \"1/48000\"}],"
                + " \"format\": {\"format_name\": \"" + format + "\", \"duration\": \"10.010000\"}}";
    }

    private static FfprobeReport parse(String json) {
        return FfprobeReport.parse(json.getBytes(StandardCharsets.UTF_8), "clip.mp4", PIXELS);
    }

    private static String refused(String json) {
        VideoFormatException e = assertThrows(VideoFormatException.class, () -> parse(json));
        assertTrue(e.getMessage().contains("clip.mp4"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void aPlainDescriptionIsReadFieldByField() {
        FfprobeReport r = parse(json("", "mov,mp4,m4a,3gp,3g2,mj2"));
        VideoInfo i = r.info();
        assertEquals(640, i.codedWidth());
        assertEquals(360, i.codedHeight());
        assertEquals(new Rational(30000, 1001), i.frameRate());
        assertEquals(new Rational(1, 30000), i.timeBase());
        assertEquals(300, i.frameCount().getAsLong());
        assertEquals(10.01, i.durationSeconds().getAsDouble(), 1e-9);
        assertEquals(1, i.audioStreams());
        assertEquals(0, i.rotation());
        assertEquals("h264", i.videoCodec());
        assertEquals(0, r.streamIndex());
        assertEquals("mov", r.demuxer());
    }

    @Test
    void theRotationComesFromTheDisplayMatrixOrTheOldTag() {
        assertEquals(270, parse(json(", \"side_data_list\": [{\"side_data_type\": \"Display Matrix\","
                + " \"rotation\": -90}]",
                "matroska,webm")).info().rotation());
        assertEquals(180, parse(json(", \"side_data_list\": [{\"rotation\": 180}]", "avi")).info().rotation());
        // Older ffmpeg versions only report the tag, which turns clockwise.
        assertEquals(270, parse(json(", \"tags\": {\"rotate\": \"90\"}", "avi")).info().rotation());
        VideoInfo turned = parse(json(", \"side_data_list\": [{\"rotation\": 90}]", "avi")).info();
        assertEquals(360, turned.frameWidth());
        assertEquals(640, turned.frameHeight());
        assertTrue(refused(json(", \"side_data_list\": [{\"rotation\": 45}]", "avi"))
                .contains("only quarter turns"));
    }

    @Test
    void aCoverPictureIsNotTheVideo() {
        String json = "{\"streams\": [{\"index\": 0, \"codec_type\": \"video\", \"codec_name\": \"mjpeg\","
                + " \"width\": 600,"
                + " \"height\": 600, \"r_frame_rate\": \"90000/1\", \"time_base\": \"1/90000\","
                + " \"disposition\": {\"attached_pic\": 1}}, {\"index\": 1, \"codec_type\": \"video\", \"width\": 320,"
                + " \"height\": 240, \"r_frame_rate\": \"25/1\", \"avg_frame_rate\": \"0/0\", \"time_base\": \"1/25\","
                + " \"disposition\": {\"attached_pic\": 0}}], \"format\": {\"format_name\": \"matroska,webm\"}}";
        FfprobeReport r = parse(json);
        assertEquals(1, r.streamIndex());
        assertEquals(320, r.info().codedWidth());
        assertEquals(new Rational(25, 1), r.info().frameRate(), "the base rate where no average is stated");
        assertFalse(r.info().frameCount().isPresent());
    }

    @Test
    void sizesRatesAndCountsOutOfRangeAreRefusedBeforeAnythingIsAllocated() {
        assertTrue(refused(json("", "avi").replace("\"width\": 640", "\"width\": 100000"))
                .contains("streams[0].width"));
        assertTrue(refused(json("", "avi").replace("\"width\": 640", "\"width\": 640.5")).contains("whole number"));
        assertTrue(refused(json("", "avi").replace("\"width\": 640", "\"width\": \"640\"")).contains("not a number"));
        VideoFormatException big = assertThrows(VideoFormatException.class, () -> FfprobeReport.parse(
                json("", "avi").getBytes(StandardCharsets.UTF_8), "clip.mp4", 640L * 359));
        assertTrue(big.getMessage().contains("above the limit of 229760"), big.getMessage());
        assertTrue(refused(json("", "avi").replace("30000/1001", "1000000/1")).contains("frame rate"));
        assertTrue(refused(json("", "avi").replace("\"30000/1001\"", "\"0/0\"")).contains("states no frame rate"));
        assertTrue(refused(json("", "avi").replace("\"300\"", "\"-3\"")).contains("nb_frames is not a count"));
        assertTrue(refused(json("", "avi").replace("\"300\"", "\"99999999999\"")).contains("nb_frames"));
        assertTrue(refused(json("", "avi").replace("1/30000", "1/0")).contains("time_base"));
        assertTrue(refused(json("", "avi").replace("\"10.010000\"", "\"1e400\"")).contains("duration"));
    }

    @Test
    void malformedOrAmbiguousJsonIsRefusedWithItsPosition() {
        assertTrue(refused("{\"streams\": [}").contains("not valid JSON"));
        assertTrue(refused(json(", \"width\": 1", "avi")).contains("appears twice"));
        assertTrue(refused("[]").contains("the document is missing or not an object"));
        assertTrue(refused("{\"streams\": [], \"format\": {\"format_name\": \"avi\"}}")
                .contains("has no video stream"));
        assertTrue(refused(json("", "avi").replace("\"codec_name\": \"h264\"", "\"codec_name\": \""
                + "x".repeat(300) + "\"")).contains("longer than 200"));
    }

    @Test
    void containersThatOpenOtherFilesOrAreNotVideosAreRefused() {
        for (String format : new String[] {"hls", "concat", "image2", "png_pipe", "tty", "lavfi"}) {
            String m = refused(json("", format));
            assertTrue(m.contains("is in container format '" + format + "', which is not accepted"), m);
        }
        // A JSON escape: the name holds the terminal's escape character.
        String m = refused(json("", "avi\\u001b[2J"));
        assertTrue(m.contains("avi\\u001b[2J") && !m.contains("\u001b"), "escaped: " + m);
    }
}
