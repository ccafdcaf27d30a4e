package dev.faceanon.examples.cli;

import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.face.LandmarkScheme;
import dev.faceanon.face.Point;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A drawn photo with cartoon faces at known places, and those faces with five-point landmarks:
 * something to try the tool on without a photo of a real person, and without the detector (the
 * detector is not trained on drawings; the landmarks come with the picture).
 *
 * @param image the picture
 * @param faces its faces, in drawing order
 */
record SamplePhoto(BufferedImage image, List<Face> faces) {

    /** Head centre x, centre y and height of each face, in pixels of the 640×420 picture. */
    private static final double[][] HEADS = {{150, 200, 190}, {360, 180, 150}, {540, 260, 110}};

    /** @return the sample: 640×420, three faces of 110-190 pixels */
    static SamplePhoto create() {
        BufferedImage image = new BufferedImage(640, 420, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(120, 170, 220), 0, 420, new Color(235, 225, 200)));
        g.fillRect(0, 0, 640, 420);
        g.setColor(new Color(90, 130, 80));
        g.fillRect(0, 340, 640, 80);
        List<Face> faces = new ArrayList<>();
        for (double[] h : HEADS) {
            faces.add(drawFace(g, h[0], h[1], h[2]));
        }
        g.dispose();
        return new SamplePhoto(image, List.copyOf(faces));
    }

    private static Face drawFace(Graphics2D g, double cx, double cy, double height) {
        double w = height * 0.78;
        g.setColor(new Color(70, 50, 40));
        g.fill(new Ellipse2D.Double(cx - w * 0.56, cy - height * 0.58, w * 1.12, height * 0.7));
        g.setColor(new Color(232, 190, 160));
        g.fill(new Ellipse2D.Double(cx - w / 2, cy - height / 2, w, height));
        double eyeY = cy - height * 0.08;
        double eyeDx = w * 0.2;
        Point leftEye = new Point(cx - eyeDx, eyeY);
        Point rightEye = new Point(cx + eyeDx, eyeY);
        Point nose = new Point(cx, cy + height * 0.1);
        Point mouthLeft = new Point(cx - w * 0.17, cy + height * 0.25);
        Point mouthRight = new Point(cx + w * 0.17, cy + height * 0.25);
        double eye = w * 0.09;
        for (Point e : List.of(leftEye, rightEye)) {
            g.setColor(Color.WHITE);
            g.fill(new Ellipse2D.Double(e.x() - eye * 1.4, e.y() - eye * 0.8, eye * 2.8, eye * 1.6));
            g.setColor(new Color(60, 90, 120));
            g.fill(new Ellipse2D.Double(e.x() - eye * 0.6, e.y() - eye * 0.6, eye * 1.2, eye * 1.2));
            g.setColor(new Color(80, 55, 40));
            g.setStroke(new BasicStroke((float) (height * 0.02)));
            g.draw(new Line2D.Double(e.x() - eye * 1.6, e.y() - eye * 1.8, e.x() + eye * 1.6, e.y() - eye * 2.1));
        }
        g.setColor(new Color(200, 150, 125));
        g.draw(new Line2D.Double(cx, eyeY + eye, nose.x(), nose.y()));
        g.setColor(new Color(170, 70, 70));
        g.setStroke(new BasicStroke((float) (height * 0.025)));
        g.draw(new Line2D.Double(mouthLeft.x(), mouthLeft.y(), cx, mouthLeft.y() + height * 0.03));
        g.draw(new Line2D.Double(cx, mouthLeft.y() + height * 0.03, mouthRight.x(), mouthRight.y()));
        BoundingBox box = new BoundingBox(cx - w / 2, cy - height / 2, cx + w / 2, cy + height / 2);
        return new Face(box, 1.0, LandmarkScheme.FIVE_POINT, List.of(leftEye, rightEye, nose, mouthLeft, mouthRight));
    }
}
