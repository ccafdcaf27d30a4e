package dev.faceanon.examples.cli;

import dev.faceanon.djl.recognition.FaceApiRecognizer;
import dev.faceanon.face.Face;
import dev.faceanon.face.FaceDescriptor;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.RgbImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScratchDistancesTest {
    static RgbImage fill(RgbImage p, int v) {
        byte[] b = new byte[p.width() * p.height() * 3];
        java.util.Arrays.fill(b, (byte) v);
        return RgbImage.of(p.width(), p.height(), b);
    }

    @Test
    void print() {
        try (FaceApiRecognizer r = FaceApiRecognizer.load()) {
            SamplePhoto s = SamplePhoto.create();
            RgbImage p = new BufferedImageConverter().toRgbImage(s.image());
            List<Face> faces = s.faces();
            FaceDescriptor[] d = new FaceDescriptor[faces.size()];
            for (int i = 0; i < faces.size(); i++) {
                d[i] = r.describe(p, faces.get(i));
            }
            for (int i = 0; i < faces.size(); i++) {
                for (int j = i + 1; j < faces.size(); j++) {
                    System.out.printf("sample %d vs %d: %.3f%n", i, j, d[i].distanceTo(d[j]));
                }
                System.out.printf("sample %d vs grey %.3f black %.3f white %.3f%n", i,
                        d[i].distanceTo(r.describe(fill(p, 128), faces.get(i))),
                        d[i].distanceTo(r.describe(fill(p, 0), faces.get(i))),
                        d[i].distanceTo(r.describe(fill(p, 255), faces.get(i))));
            }
            RgbImage a = new BufferedImageConverter().toRgbImage(readAstronaut());
            Face af = astronautFace();
            FaceDescriptor ad = r.describe(a, af);
            System.out.printf("astronaut vs grey %.3f black %.3f white %.3f%n",
                    ad.distanceTo(r.describe(fill(a, 128), af)), ad.distanceTo(r.describe(fill(a, 0), af)),
                    ad.distanceTo(r.describe(fill(a, 255), af)));
            FaceDescriptor g = r.describe(fill(a, 128), af);
            System.out.printf("grey vs black %.3f, grey vs sample0 %.3f%n", g.distanceTo(r.describe(fill(a, 0), af)), g.distanceTo(d[0]));
            System.out.printf("norms: astronaut %.3f grey %.3f sample0 %.3f%n", norm(ad), norm(g), norm(d[0]));
        }
    }

    static double norm(FaceDescriptor d) {
        double s = 0;
        for (float v : d.values()) s += v * v;
        return Math.sqrt(s);
    }

    static java.awt.image.BufferedImage readAstronaut() {
        try {
            return javax.imageio.ImageIO.read(new java.io.File("/work/shared/real/astronaut.png"));
        } catch (java.io.IOException e) {
            throw new RuntimeException(e);
        }
    }

    static Face astronautFace() {
        try {
            FacesFile f = FacesFile.read(java.nio.file.Path.of("/work/shared/real/faces.json"));
            java.nio.file.Path p = java.nio.file.Path.of("/work/shared/real/astronaut.png");
            return f.facesOf(new BatchPlan.Item(p, "astronaut.png", p)).get(0);
        } catch (RuntimeException e) {
            throw e;
        }
    }
}
