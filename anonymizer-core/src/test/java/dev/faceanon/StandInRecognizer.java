package dev.faceanon;

import dev.faceanon.face.Face;
import dev.faceanon.face.FaceDescriptor;
import dev.faceanon.face.FaceRecognizer;
import dev.faceanon.image.RgbImage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A recognizer whose descriptor is the picture itself, coarsely: the mean brightness of 16×8 cells of the face's
 * box (clipped to the photo), each halved. Identical pixels give distance 0, small resampling errors a few hundredths,
 * a painted or blacked-out face several units: enough to tell "unchanged" from "replaced" by hand.
 */
final class StandInRecognizer implements FaceRecognizer {
    private static final int COLUMNS = 16;
    private static final int ROWS = 8;

    final AtomicInteger calls = new AtomicInteger();
    final AtomicBoolean closed = new AtomicBoolean();

    @Override
    public FaceDescriptor describe(RgbImage image, Face face) {
        int x0 = (int) Math.max(0, Math.floor(face.box().x1()));
        int y0 = (int) Math.max(0, Math.floor(face.box().y1()));
        int x1 = (int) Math.min(image.width(), Math.ceil(face.box().x2()));
        int y1 = (int) Math.min(image.height(), Math.ceil(face.box().y2()));
        if (x1 - x0 < COLUMNS || y1 - y0 < ROWS) {
            throw new IllegalArgumentException("the face's crop lies outside the photo");
        }
        return cells(image, x0, y0, x1, y1);
    }

    @Override
    public FaceDescriptor describeCrop(RgbImage crop) {
        return cells(crop, 0, 0, crop.width(), crop.height());
    }

    private FaceDescriptor cells(RgbImage image, int x0, int y0, int x1, int y1) {
        calls.incrementAndGet();
        float[] values = new float[FaceDescriptor.LENGTH];
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLUMNS; c++) {
                int cx0 = x0 + (x1 - x0) * c / COLUMNS;
                int cx1 = x0 + (x1 - x0) * (c + 1) / COLUMNS;
                int cy0 = y0 + (y1 - y0) * r / ROWS;
                int cy1 = y0 + (y1 - y0) * (r + 1) / ROWS;
                double sum = 0;
                for (int y = cy0; y < cy1; y++) {
                    for (int x = cx0; x < cx1; x++) {
                        int rgb = image.rgb(x, y);
                        sum += ((rgb >> 16 & 0xFF) + (rgb >> 8 & 0xFF) + (rgb & 0xFF)) / (3 * 255.0);
                    }
                }
                values[r * COLUMNS + c] = (float) (0.5 * sum / ((cx1 - cx0) * (cy1 - cy0)));
            }
        }
        return FaceDescriptor.of(values);
    }

    @Override
    public void close() {
        closed.set(true);
    }
}
