package dev.faceanon;

import dev.faceanon.face.Face;
import dev.faceanon.identity.GalleryMatch;
import dev.faceanon.identity.IdentityAuditor;
import dev.faceanon.identity.KeepGallery;
import dev.faceanon.image.RgbImage;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The faces of a photo as the identity audit sees them before anything is generated: each face described once in
 * the input photo (the reference of its audit), and split into the faces to process and those a keep gallery
 * keeps (only a face the recognizer identifies can match). Without an auditor nothing is described and every face is processed.
 */
final class InputFaces {
    /** A face described by no recognizer. */
    static final IdentityAuditor.Input NOT_AUDITED = new IdentityAuditor.Input(Optional.empty(),
            "no face recognizer");
    private final Map<Face, IdentityAuditor.Input> descriptors;
    private final List<Face> toProcess;
    private final List<Face> kept;
    private final List<GalleryMatch> matches;

    private InputFaces(Map<Face, IdentityAuditor.Input> descriptors, List<Face> toProcess, List<Face> kept,
            List<GalleryMatch> matches) {
        this.descriptors = descriptors;
        this.toProcess = toProcess;
        this.kept = kept;
        this.matches = matches;
    }

    /**
     * @param auditor the models' auditor, if they have a recognizer
     * @param gallery the faces to keep (empty to keep none)
     * @param photo the input photo
     * @param faces its faces
     * @return the described and split faces
     */
    static InputFaces of(Optional<IdentityAuditor> auditor, KeepGallery gallery, RgbImage photo, List<Face> faces) {
        Map<Face, IdentityAuditor.Input> descriptors = new IdentityHashMap<>();
        List<Face> toProcess = new ArrayList<>(faces.size());
        List<Face> kept = new ArrayList<>();
        List<GalleryMatch> matches = new ArrayList<>();
        for (Face f : faces) {
            Objects.requireNonNull(f, "faces must not contain null");
            IdentityAuditor.Input d = auditor.isPresent() ? auditor.get().describe(photo, f) : NOT_AUDITED;
            descriptors.put(f, d);
            Optional<GalleryMatch> match = d.descriptor().flatMap(gallery::match);
            if (match.isPresent()) {
                kept.add(f);
                matches.add(match.get());
            } else {
                toProcess.add(f);
            }
        }
        return new InputFaces(descriptors, List.copyOf(toProcess), List.copyOf(kept), List.copyOf(matches));
    }

    /**
     * @param face one of the faces
     * @return the face as the audit sees it in the input photo
     */
    IdentityAuditor.Input inputOf(Face face) {
        return descriptors.getOrDefault(face, NOT_AUDITED);
    }

    /** @return the faces to process, in input order */
    List<Face> toProcess() {
        return toProcess;
    }

    /** @return the faces the gallery keeps, in input order */
    List<Face> kept() {
        return kept;
    }

    /** @return the gallery match of each kept face, in the order of {@link #kept()} */
    List<GalleryMatch> matches() {
        return matches;
    }
}
