package dev.faceanon.batch;

import dev.faceanon.CallOptions;
import dev.faceanon.face.Face;
import dev.faceanon.face.FaceDetector;
import dev.faceanon.face.FaceRecognizer;
import dev.faceanon.identity.GalleryMatch;
import dev.faceanon.identity.IdentityAuditor;
import dev.faceanon.identity.KeepGallery;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.RgbImage;
import dev.faceanon.redact.FaceRedactor;
import dev.faceanon.redact.RedactedFace;
import dev.faceanon.redact.RedactedPhoto;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Blurs, pixelates or blacks out every face of each photo, without any diffusion model: the
 * classic redaction with the same alignment as anonymization. A face whose aligned crop could not
 * be redacted (redacted over its box instead, or outside the photo) is reported as a fallback. With
 * a face recognizer every redacted face is audited against the face it hides, and faces matching
 * the keep gallery are left as they are and reported after the redacted ones.
 */
public final class RedactOperation implements PhotoOperation {
    private final RedactionSettings redaction;
    private final FaceRedactor redactor;
    private final FaceDetector detector;
    private final Optional<IdentityAuditor> auditor;
    private final KeepGallery keep;

    /**
     * @param redaction the redaction and its strength
     * @param detector finds the faces of images the caller gives none for; null if the caller
     *     always gives them
     * @param recognizer audits the redacted faces and recognises the kept ones; null for no audit
     *     (identity mode off)
     * @param identity the audit's threshold
     * @param keep the faces to leave as they are; {@link KeepGallery#empty()} for none
     * @throws IllegalArgumentException if a keep gallery is given without a recognizer
     */
    public RedactOperation(RedactionSettings redaction, FaceDetector detector, FaceRecognizer recognizer,
            IdentitySettings identity, KeepGallery keep) {
        this.redaction = Objects.requireNonNull(redaction, "redaction");
        this.redactor = new FaceRedactor(redaction.redaction());
        this.detector = detector;
        this.auditor = Optional.ofNullable(recognizer).map(r -> new IdentityAuditor(r, identity.threshold()));
        this.keep = Objects.requireNonNull(keep, "keep");
        if (recognizer == null && !keep.isEmpty()) {
            throw new IllegalArgumentException("a keep gallery needs the face recognizer");
        }
    }

    /**
     * @throws IllegalStateException if the request has no faces and this operation no detector
     */
    @Override
    public Result apply(PhotoRequest request, CallOptions options) {
        List<Face> found = request.faces().orElseGet(() -> {
            if (detector == null) {
                throw new IllegalStateException("no face detector: give the faces of every image");
            }
            return detector.detect(request.image());
        });
        RgbImage photo = new BufferedImageConverter().toRgbImage(request.image());
        // Each face described once in the input: the gallery's query and the reference of its audit.
        Map<Face, IdentityAuditor.Input> inputs = new IdentityHashMap<>();
        List<Face> toRedact = new ArrayList<>();
        List<Face> kept = new ArrayList<>();
        List<GalleryMatch> matches = new ArrayList<>();
        for (Face f : found) {
            Optional<IdentityAuditor.Input> d = auditor.map(a -> a.describe(photo, f));
            d.ifPresent(input -> inputs.put(f, input));
            Optional<GalleryMatch> m = d.flatMap(IdentityAuditor.Input::descriptor).flatMap(keep::match);
            if (m.isPresent()) {
                kept.add(f);
                matches.add(m.get());
            } else {
                toRedact.add(f);
            }
        }
        RedactedPhoto redacted = redactor.redactAll(photo, toRedact);
        List<FaceReport> reports = new ArrayList<>(found.size());
        for (int i = 0; i < redacted.faces().size(); i++) {
            RedactedFace f = redacted.faces().get(i);
            reports.add(FaceReport.of(i, f, redaction.method(), auditor.map(a -> a.audit(inputs.get(f.face()),
                    redacted.image(), f.face(), List.of()))));
        }
        for (int i = 0; i < kept.size(); i++) {
            reports.add(FaceReport.kept(reports.size(), kept.get(i), matches.get(i)));
        }
        // Every face kept: the photo goes out as it came, not through the redactor's colour conversion.
        return new Result(toRedact.isEmpty() && !kept.isEmpty() ? request.image()
                : BufferedImageConverter.toBufferedImage(redacted.image()), reports);
    }
}
