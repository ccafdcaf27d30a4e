package dev.faceanon.video;

import dev.faceanon.face.Face;
import dev.faceanon.face.FaceDescriptor;
import dev.faceanon.face.FaceRecognizer;
import dev.faceanon.image.RgbImage;

/**
 * A recognizer for tests whose descriptor is the picture inside the face's box, coarsely: the mean
 * brightness of 16×8 cells. The same face content gives distance 0; a replaced face a large one.
 */
final class CellRecognizer implements FaceRecognizer {
    private static final int COLUMNS = 16;
    private static final int ROWS = 8;

    @Override
    public FaceDescriptor describe(RgbImage image, Face face) {
        int x0 = (int) Math.max(0, Math.floor(face.box().x1()));
        int y0 = (int) Math.max(0, Math.floor(face.box().y1()));
        int x1 = (int) Math.min(image.width(), Math.ceil(face.box().x2()));
        int y1 = (int) Math.min(image.height(), Math.ceil(face.box().y2()));
        return cells(image, x0, y0, x1, y1);
    }

    @Override
    public FaceDescriptor describeCrop(RgbImage crop) {
        return cells(crop, 0, 0, crop.width(), crop.height());
    }

    private static FaceDescriptor cells(RgbImage image, int x0, int y0, int x1, int y1) {
        float[] values = new float[FaceDescriptor.LENGTH];
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLUMNS; c++) {
                int cx0 = x0 + (x1 - x0) * c / COLUMNS;
                int cx1 = Math.max(cx0 + 1, x0 + (x1 - x0) * (c + 1) / COLUMNS);
                int cy0 = y0 + (y1 - y0) * r / ROWS;
                int cy1 = Math.max(cy0 + 1, y0 + (y1 - y0) * (r + 1) / ROWS);
                double sum = 0;
                for (int y = cy0; y < cy1; y++) {
                    for (int x = cx0; x < cx1; x++) {
                        int rgb = image.rgb(x, y);
                        sum += ((rgb >> 16 & 0xFF) + (rgb >> 8 & 0xFF) + (rgb & 0xFF)) / (3 * 255.0);
                    }
                }
                values[r * COLUMNS + c] = (float) (sum / ((cx1 - cx0) * (cy1 - cy0)));
            }
        }
        return FaceDescriptor.of(values);
    }
}
