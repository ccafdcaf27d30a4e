package dev.faceanon.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.faceanon.align.AlignedFace;
import dev.faceanon.align.FaceCompositor;
import dev.faceanon.align.FaceExtractor;
import dev.faceanon.align.PasteBack;
import dev.faceanon.djl.recognition.FaceApiRecognizer;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.face.FaceDescriptor;
import dev.faceanon.face.LandmarkScheme;
import dev.faceanon.face.Point;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.PillowResampler;
import dev.faceanon.image.ResampleFilter;
import dev.faceanon.image.RgbImage;
import dev.faceanon.redact.BlackOut;
import dev.faceanon.redact.FaceRedactor;
import dev.faceanon.redact.GaussianBlur;
import dev.faceanon.redact.Pixelate;
import dev.faceanon.redact.Redaction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Measures how well each redaction hides a face from a trained recognizer, against the face's size in the photo:
 * the real photo of {@code shared/real} is resized so that its face is 22 to 240 pixels wide, the face is redacted
 * with every method at several strengths, and face-api's recognizer ({@link FaceApiRecognizer}) compares the
 * redacted face with the unredacted one at the same size. Distances beyond 0.6 (the recognizer's match threshold)
 * mean the redacted face is no longer taken for the person. The output is the table of docs/redaction.md.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.faceanon.bench.RedactionStrengthTable [REAL_DIR]} (default
 * {@code ../shared/real}); {@code scripts/redaction-strength} builds the jar and runs it. Downloads the recognizer's
 * package into the library's cache on first use (12.7 MB).
 */
public final class RedactionStrengthTable {
    /** Face widths in photo pixels: the 22/44/87 (87 is the photo as it is) and 30 to 240. */
    static final int[] FACE_WIDTHS = {22, 30, 44, 60, 87, 120, 240};
    static final int[] CELLS = {4, 6, 8, 10};
    static final double[] SIGMAS = {0.1, 0.15, 0.2, 0.25, 0.3, 0.5};
    /** Strengths beyond the public bounds, to show why the bounds are where they are. */
    static final int[] CELLS_BEYOND = {12, 16};
    static final double[] SIGMAS_BEYOND = {0.03, 0.05};

    private RedactionStrengthTable() {}

    /**
     * @param args optionally the directory holding astronaut.png and faces.json
     * @throws IOException if they cannot be read
     */
    public static void main(String[] args) throws IOException {
        Path real = Path.of(args.length > 0 ? args[0] : "../shared/real");
        RgbImage photo = new BufferedImageConverter().toRgbImage(ImageIO.read(real.resolve("astronaut.png").toFile()));
        Face face = onlyFace(real.resolve("faces.json"), "astronaut.png");
        Map<String, Redaction> strengths = new LinkedHashMap<>();
        strengths.put("black", new BlackOut());
        for (int cells : CELLS) {
            strengths.put("pixelate " + cells, Pixelate.withCellsAcrossFace(cells));
        }
        for (int cells : CELLS_BEYOND) {
            strengths.put("pixelate " + cells + "*", beyondBounds(Pixelate.withCellsAcrossFace(
                    Pixelate.MAX_CELLS_ACROSS_FACE), (double) Pixelate.MAX_CELLS_ACROSS_FACE / cells));
        }
        for (double sigma : SIGMAS) {
            strengths.put("blur " + sigma, GaussianBlur.withSigmaPerFace(sigma));
        }
        for (double sigma : SIGMAS_BEYOND) {
            strengths.put("blur " + sigma + "*", beyondBounds(GaussianBlur.withSigmaPerFace(
                    GaussianBlur.MIN_SIGMA_PER_FACE), sigma / GaussianBlur.MIN_SIGMA_PER_FACE));
        }
        Map<String, Redaction> defaults = new LinkedHashMap<>();
        defaults.put("black", new BlackOut());
        defaults.put("pixelate " + Pixelate.DEFAULT_CELLS_ACROSS_FACE, new Pixelate());
        defaults.put("blur " + GaussianBlur.DEFAULT_SIGMA_PER_FACE, new GaussianBlur());
        List<String> strengthHeader = new ArrayList<>(List.of("face width (px)", "unredacted vs 87 px"));
        strengthHeader.addAll(strengths.keySet());
        List<String> defaultHeader = new ArrayList<>(List.of("face width (px)"));
        for (String method : defaults.keySet()) {
            for (RedactionPath path : RedactionPath.values()) {
                defaultHeader.add(method + ", " + path.label);
            }
        }
        StringBuilder strengthTable = header(strengthHeader);
        StringBuilder defaultTable = header(defaultHeader);
        try (FaceApiRecognizer recognizer = FaceApiRecognizer.load()) {
            FaceDescriptor original = recognizer.describe(photo, face);
            for (int width : FACE_WIDTHS) {
                double scale = width / face.box().width();
                int w = (int) Math.round(photo.width() * scale);
                int h = (int) Math.round(photo.height() * scale);
                RgbImage resized = PillowResampler.resize(photo, w, h, ResampleFilter.LANCZOS);
                Face scaled = face.scaled((double) w / photo.width(), (double) h / photo.height());
                FaceDescriptor unredacted = recognizer.describe(resized, scaled);
                String measuredWidth = String.format(Locale.ROOT, "%.0f", scaled.box().width());
                List<String> row = new ArrayList<>(List.of(measuredWidth, format(original.distanceTo(unredacted))));
                for (Redaction r : strengths.values()) {
                    RgbImage redacted = RedactionPath.ALIGNED.redact(r, resized, scaled);
                    row.add(format(unredacted.distanceTo(recognizer.describe(redacted, scaled))));
                }
                strengthTable.append(row(row));
                row = new ArrayList<>(List.of(measuredWidth));
                for (Redaction r : defaults.values()) {
                    for (RedactionPath path : RedactionPath.values()) {
                        FaceDescriptor redacted = recognizer.describe(path.redact(r, resized, scaled), scaled);
                        row.add(format((path == RedactionPath.AGAINST_ORIGINAL ? original : unredacted)
                                .distanceTo(redacted)));
                    }
                }
                defaultTable.append(row(row));
                System.err.println("measured face width " + width);
            }
        }
        AlignedFace aligned = new FaceExtractor().extract(photo, face);
        double inCrop = face.box().width() * aligned.imageToCrop().lengthScale();
        System.out.printf(Locale.ROOT, "The face's box is %.0f px wide in its %d-px aligned crop: the official 16-px"
                + " blocks are %.1f cells across it, the official blur (k = 51, sigma = 8) sigma = %.3f of its"
                + " width.%n%n", inCrop, aligned.cropSize(), inCrop / 16, 8 / inCrop);
        System.out.println("Every strength, aligned crops (faceanon redact); distance to the unredacted face of the"
                + " same width (* beyond the accepted bounds):");
        System.out.println();
        System.out.print(strengthTable);
        System.out.println();
        System.out.println("Default strengths on every path:");
        System.out.println();
        System.out.print(defaultTable);
    }

    /** Where a redaction is applied, as the library applies it, and what the redacted face is compared with. */
    enum RedactionPath {
        /** {@code redact}: the aligned 512-pixel crop, pasted hard; against the unredacted face of the same width. */
        ALIGNED("aligned"),
        /** A face whose landmarks do not fit its box: the square around the box. */
        BOX_SQUARE("box square") {
            @Override
            RgbImage redact(Redaction r, RgbImage photo, Face face) {
                return new FaceRedactor(r).redactAroundBoxes(photo, List.of(face));
            }
        },
        /** {@code anonymize}'s fallback with the tiny-random model: 64-pixel crops, feathered paste. */
        SMALL_CROP_FEATHERED("64-px crop") {
            @Override
            RgbImage redact(Redaction r, RgbImage photo, Face face) {
                return new FaceRedactor(r, new FaceExtractor(64), FaceCompositor.protecting(PasteBack.feathered()))
                        .redact(photo, List.of(face));
            }
        },
        /** The aligned crop against the photo as it is (the face 87 pixels wide), as a gallery photo would be. */
        AGAINST_ORIGINAL("vs 87 px");

        final String label;

        RedactionPath(String label) {
            this.label = label;
        }

        RgbImage redact(Redaction r, RgbImage photo, Face face) {
            return new FaceRedactor(r).redact(photo, List.of(face));
        }
    }

    /**
     * A strength beyond the public bounds: the bounded redaction applied as though the face's box were smaller
     * about its centre by {@code boxFactor}, so cells and σ, which scale with the box, shrink by that factor.
     */
    static Redaction beyondBounds(Redaction bounded, double boxFactor) {
        return face -> {
            Face f = face.face();
            BoundingBox b = f.box();
            double cx = (b.x1() + b.x2()) / 2;
            double cy = (b.y1() + b.y2()) / 2;
            double hw = b.width() * boxFactor / 2;
            double hh = b.height() * boxFactor / 2;
            Face smaller = new Face(new BoundingBox(cx - hw, cy - hh, cx + hw, cy + hh), f.score(), f.scheme(),
                    f.landmarks());
            return bounded.apply(new AlignedFace(smaller, face.imageToCrop(), face.crop(), face.imageWidth(),
                    face.imageHeight()));
        };
    }

    private static StringBuilder header(List<String> columns) {
        return new StringBuilder(row(columns)).append(row(columns.stream().map(c -> "---").toList()));
    }

    private static String format(double distance) {
        return String.format(Locale.ROOT, "%.2f", distance);
    }

    private static String row(List<String> cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    /** The one face faces.json gives for a photo: its box and 68 landmarks. */
    private static Face onlyFace(Path facesJson, String photo) throws IOException {
        JsonObject face = JsonParser.parseString(Files.readString(facesJson)).getAsJsonObject()
                .getAsJsonArray(photo).get(0).getAsJsonObject();
        JsonArray box = face.getAsJsonArray("box");
        List<Point> landmarks = new ArrayList<>();
        for (JsonElement p : face.getAsJsonArray("landmarks")) {
            JsonArray xy = p.getAsJsonArray();
            landmarks.add(new Point(xy.get(0).getAsDouble(), xy.get(1).getAsDouble()));
        }
        return new Face(new BoundingBox(box.get(0).getAsDouble(), box.get(1).getAsDouble(), box.get(2).getAsDouble(),
                box.get(3).getAsDouble()), 1, LandmarkScheme.IBUG_68, landmarks);
    }
}
