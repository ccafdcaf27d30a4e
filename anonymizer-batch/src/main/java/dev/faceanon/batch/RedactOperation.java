package dev.faceanon.batch;

import dev.faceanon.CallOptions;
import dev.faceanon.face.Face;
import dev.faceanon.face.FaceDetector;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.redact.FaceRedactor;
import dev.faceanon.redact.RedactedPhoto;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Blurs, pixelates or blacks out every face of each photo, without any diffusion model: the
 * classic redaction with the same alignment as anonymization. A face whose aligned crop could not
 * be redacted (redacted over its box instead, or outside the photo) is reported as a fallback.
 */
public final class RedactOperation implements PhotoOperation {
    private final RedactionMethod method;
    private final FaceRedactor redactor;
    private final FaceDetector detector;

    /**
     * @param method the redaction
     * @param detector finds the faces of images the caller gives none for; null if the caller
     *     always gives them
     */
    public RedactOperation(RedactionMethod method, FaceDetector detector) {
        this.method = Objects.requireNonNull(method, "method");
        this.redactor = new FaceRedactor(method.redaction());
        this.detector = detector;
    }

    /**
     * @throws IllegalStateException if the request has no faces and this operation no detector
     */
    @Override
    public Result apply(PhotoRequest request, CallOptions options) {
        List<Face> faces = request.faces().orElseGet(() -> {
            if (detector == null) {
                throw new IllegalStateException("no face detector: give the faces of every image");
            }
            return detector.detect(request.image());
        });
        RedactedPhoto redacted = redactor.redactAll(new BufferedImageConverter().toRgbImage(request.image()), faces);
        List<FaceReport> reports = new ArrayList<>(redacted.faces().size());
        for (int i = 0; i < redacted.faces().size(); i++) {
            reports.add(FaceReport.of(i, redacted.faces().get(i), method));
        }
        return new Result(BufferedImageConverter.toBufferedImage(redacted.image()), reports);
    }
}
