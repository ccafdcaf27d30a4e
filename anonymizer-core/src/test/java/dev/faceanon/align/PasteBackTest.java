package dev.faceanon.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.face.Point;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.RgbImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PasteBackTest {

    private static RgbImage noise(int w, int h, long seed) {
        byte[] b = new byte[w * h * 3];
        new Random(seed).nextBytes(b);
        return RgbImage.of(w, h, b);
    }

    @Test
    void quarterTurnsComeBackPixelExact() {
        RgbImage photo = noise(120, 100, 1);
        RgbImage black = SyntheticFaces.uniform(120, 100, 0);
        // Scale 1 with integer offsets: every crop pixel lies on a photo pixel, so neither the
        // bilinear crop nor the paste resamples anything.
        for (int quarter = 0; quarter < 4; quarter++) {
            AffineTransform2D rot = AffineTransform2D.similarity(1, quarter * Math.PI / 2, 0, 0);
            double[] r = rot.toRowMajor();
            AffineTransform2D m = AffineTransform2D.of(Math.rint(r[0]), Math.rint(r[1]), 0, Math.rint(r[3]),
                    Math.rint(r[4]), 0);
            Point c = m.apply(new Point(60, 50));
            m = AffineTransform2D.of(m.m00(), m.m01(), 32 - c.x(), m.m10(), m.m11(), 32 - c.y());
            RgbImage crop = AffineWarp.crop(photo, m, 64);
            for (PasteBack paste : new PasteBack[] {PasteBack.hard(), PasteBack.feathered()}) {
                RgbImage back = paste.paste(black, crop, m);
                PasteMask mask = paste.mask(m, 64, 120, 100);
                int inside = 0;
                for (int y = 0; y < 100; y++) {
                    for (int x = 0; x < 120; x++) {
                        double a = mask.alpha(x, y);
                        if (a == 1) {
                            assertEquals(photo.rgb(x, y), back.rgb(x, y), paste + " quarter " + quarter + " at " + x + "," + y);
                            inside++;
                        } else if (a == 0) {
                            assertEquals(0, back.rgb(x, y));
                        }
                    }
                }
                assertTrue(inside >= (paste.mode() == PasteMode.HARD ? 64 * 64 : 52 * 52), paste + ": " + inside);
            }
        }
    }

    @Test
    void rotatedFaceRoundTripStaysCloseToThePhoto() {
        RgbImage photo = SyntheticFaces.smoothPhoto(300, 260, 7);
        for (double degrees : new double[] {35, -48, 170}) {
            AffineTransform2D placement = SyntheticFaces.placement(60, Math.toRadians(degrees), 150, 130);
            AffineTransform2D m = WholeFaceAlignment.imageToCrop(SyntheticFaces.face68(placement), 512);
            RgbImage crop = AffineWarp.crop(photo, m, 512);
            for (PasteBack paste : new PasteBack[] {PasteBack.hard(), PasteBack.feathered()}) {
                RgbImage back = paste.paste(photo, crop, m);
                int[] diff = AlignFixtures.difference(photo, back);
                // Upsampling bilinearly by 3.6 and sampling back reproduces a smooth photo to within
                // a few grey levels; pixels outside the square are untouched by construction.
                assertTrue(diff[1] <= 3, paste + " " + degrees + "°: max difference " + diff[1]);
                assertTrue(diff[0] < 0.05 * 300 * 260 * 3, paste + " " + degrees + "°: " + diff[0] + " samples differ");
            }
        }
    }

    @Test
    void faceCutByThePhotoBorderComesBackInPlace() {
        RgbImage photo = SyntheticFaces.smoothPhoto(240, 200, 9);
        // Centre 8 px from the left edge, rotated: almost half of the square lies outside the photo.
        AffineTransform2D placement = SyntheticFaces.placement(64, Math.toRadians(-30), 8, 100);
        AffineTransform2D m = WholeFaceAlignment.imageToCrop(SyntheticFaces.face68(placement), 512);
        RgbImage crop = AffineWarp.crop(photo, m, 512);
        RgbImage soft = PasteBack.feathered().paste(photo, crop, m);
        int[] diff = AlignFixtures.difference(photo, soft);
        assertTrue(diff[1] <= 3, "feathered round trip max difference " + diff[1]);
        RgbImage hard = PasteBack.hard().paste(photo, crop, m);
        for (int y = 0; y < 200; y++) {
            for (int x = 1; x < 240; x++) {
                for (int c = 0; c < 3; c++) {
                    assertTrue(Math.abs(hard.sample(x, y, c) - photo.sample(x, y, c)) <= 3,
                            "hard round trip at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void facesAtTheBorderGetWhiteFillAndPasteOnlyInsideThePhoto() {
        RgbImage photo = SyntheticFaces.uniform(200, 150, 0x323232);
        AffineTransform2D placement = SyntheticFaces.placement(70, Math.toRadians(20), 10, 75);
        AffineTransform2D m = WholeFaceAlignment.imageToCrop(SyntheticFaces.face68(placement), 256);
        RgbImage crop = AffineWarp.crop(photo, m, 256);
        AffineTransform2D toImage = m.inverse();
        int white = 0;
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                Point p = toImage.apply(new Point(x, y));
                if (p.x() < -1) {
                    assertEquals(0xFFFFFF, crop.rgb(x, y), "outside the photo the crop is white");
                    white++;
                } else if (p.x() > 1 && p.y() > 1 && p.y() < 148) {
                    assertEquals(0x323232, crop.rgb(x, y));
                }
            }
        }
        assertTrue(white > 1000);

        // Pasting the crop back unchanged: the official hard paste pulls white into the photo's edge
        // rows and columns (crop pixels straddling the border); the feathered paste reads no such pixel.
        RgbImage hard = PasteBack.hard().paste(photo, crop, m);
        RgbImage soft = PasteBack.feathered().paste(photo, crop, m);
        int whitened = 0;
        for (int y = 0; y < 150; y++) {
            for (int x = 0; x < 200; x++) {
                if (hard.rgb(x, y) != 0x323232) {
                    whitened++;
                    assertTrue(x < 3 || y < 3 || x > 196 || y > 146, "only edge pixels can take border colour, got " + x + "," + y);
                }
                assertEquals(0x323232, soft.rgb(x, y), "feathered paste at " + x + "," + y);
            }
        }
        assertTrue(whitened > 0, "the official paste shows the white border at the photo edge");

        // A generated crop replaces the photo right up to its edge where the square covers it.
        RgbImage generated = SyntheticFaces.uniform(256, 256, 0xC08040);
        for (PasteBack paste : new PasteBack[] {PasteBack.hard(), PasteBack.feathered()}) {
            RgbImage out = paste.paste(photo, generated, m);
            Point centreRow = placement.apply(new Point(0.5, 0.5));
            assertEquals(0xC08040, out.rgb(0, (int) Math.round(centreRow.y())), paste + " at the photo edge");
            assertEquals(0x323232, out.rgb(199, 0), paste + " far from the square");
        }
    }

    @Test
    void featheredPasteIsTheCropInsideUntouchedOutsideAndMonotoneBetween() {
        RgbImage photo = SyntheticFaces.uniform(260, 240, 0x282828);
        RgbImage crop = SyntheticFaces.uniform(512, 512, 0xC8C8C8);
        AffineTransform2D placement = SyntheticFaces.placement(70, Math.toRadians(20), 130, 120);
        AffineTransform2D m = WholeFaceAlignment.imageToCrop(SyntheticFaces.face68(placement), 512);
        PasteBack paste = PasteBack.feathered();
        RgbImage out = paste.paste(photo, crop, m);
        PasteMask mask = paste.mask(m, 512, 260, 240);
        double margin = PasteBack.DEFAULT_FEATHER_FRACTION * 512;
        int full = 0;
        int partial = 0;
        for (int y = 0; y < 240; y++) {
            for (int x = 0; x < 260; x++) {
                double cx = m.applyX(x, y);
                double cy = m.applyY(x, y);
                double d = Math.min(Math.min(cx + 0.5, cy + 0.5), Math.min(511.5 - cx, 511.5 - cy));
                double a = mask.alpha(x, y);
                int v = out.sample(x, y, 0);
                if (d <= 0) {
                    assertEquals(0, a);
                    assertEquals(0x282828, out.rgb(x, y), "outside the square");
                } else if (d >= margin) {
                    assertEquals(1, a, 1e-7);
                    assertEquals(0xC8C8C8, out.rgb(x, y), "inside the shrunk square");
                    full++;
                } else {
                    assertTrue(a > 0 && a < 1);
                    assertEquals(Math.floor(200 * a + 40 * (1 - a) + 0.5), v, 1e-9);
                    partial++;
                }
            }
        }
        assertTrue(full > 1000 && partial > 300, full + " / " + partial);
        // Along a ray from the square's centre to its edge the weight never increases.
        AffineTransform2D toImage = m.inverse();
        for (double[] dir : new double[][] {{1, 0}, {0, -1}, {0.7, 0.7}}) {
            double previous = 1;
            for (double t = 0; t <= 300; t += 0.5) {
                Point p = toImage.apply(new Point(255.5 + dir[0] * t, 255.5 + dir[1] * t));
                int x = (int) Math.round(p.x());
                int y = (int) Math.round(p.y());
                Point c = m.apply(new Point(x, y));
                double d = Math.min(Math.min(c.x() + 0.5, c.y() + 0.5), Math.min(511.5 - c.x(), 511.5 - c.y()));
                double a = mask.alpha(x, y);
                assertEquals(Math.max(0, Math.min(1, ramp(d / margin))), a, 1e-6);
                assertTrue(a <= previous + 1e-6 || d > margin, "non-monotone at t=" + t);
                previous = a;
            }
        }
    }

    private static double ramp(double t) {
        t = Math.max(0, Math.min(1, t));
        return t * t * (3 - 2 * t);
    }

    @Test
    void hardMaskIsBinaryAndIsExactlyWhatThePasteChanges() {
        RgbImage photo = SyntheticFaces.uniform(220, 200, 0x102030);
        RgbImage crop = SyntheticFaces.uniform(192, 192, 0xF0E0D0);
        AffineTransform2D m = WholeFaceAlignment.imageToCrop(
                SyntheticFaces.face68(SyntheticFaces.placement(80, Math.toRadians(-35), 180, 170)), 192);
        RgbImage out = PasteBack.hard().paste(photo, crop, m);
        PasteMask mask = PasteBack.hard().mask(m, 192, 220, 200);
        long changed = 0;
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 220; x++) {
                double a = mask.alpha(x, y);
                assertTrue(a == 0 || a == 1);
                assertEquals(a == 1 ? 0xF0E0D0 : 0x102030, out.rgb(x, y));
                changed += a == 1 ? 1 : 0;
            }
        }
        assertEquals(changed, mask.coveredPixels());
        assertTrue(changed > 5000);
    }

    @Test
    void bufferedImagesPasteLikeRgbImages() {
        RgbImage photo = SyntheticFaces.smoothPhoto(150, 120, 3);
        RgbImage crop = noise(128, 128, 4);
        AffineTransform2D m = WholeFaceAlignment.imageToCrop(
                SyntheticFaces.face68(SyntheticFaces.placement(40, 0.4, 75, 60)), 128);
        RgbImage expected = PasteBack.feathered().paste(photo, crop, m);
        RgbImage actual = new BufferedImageConverter().toRgbImage(PasteBack.feathered().paste(
                BufferedImageConverter.toBufferedImage(photo), BufferedImageConverter.toBufferedImage(crop), m));
        assertEquals(expected, actual);
    }

    @Test
    void rejectsBadArguments() {
        RgbImage photo = SyntheticFaces.uniform(50, 50, 0);
        AffineTransform2D m = AffineTransform2D.of(2, 0, 0, 0, 2, 0);
        assertThrows(IllegalArgumentException.class, () -> PasteBack.hard().paste(photo, noise(10, 12, 1), m));
        assertThrows(IllegalArgumentException.class, () -> PasteBack.feathered(0));
        assertThrows(IllegalArgumentException.class, () -> PasteBack.feathered(0.5));
        assertThrows(IllegalArgumentException.class, () -> PasteBack.hard().mask(m, 0, 50, 50));
    }
}
