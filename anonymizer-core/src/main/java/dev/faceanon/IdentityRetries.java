package dev.faceanon;

import dev.faceanon.identity.IdentityAuditor;
import dev.faceanon.identity.IdentityCheck;
import dev.faceanon.identity.IdentityTry;
import dev.faceanon.image.RgbImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The anonymizer's identity check of one photo: measure every generated face in the composed photo against its
 * input; with {@link IdentityCheck#failClosed()}, generate each face that still matches again (next seed of its
 * sequence) and measure again, until it no longer matches or its tries are used up. A face that still matches
 * after its last try, whose new generation fails, or that a cancellation stops from being generated again, is
 * listed as failed with the reason; the caller redacts it. Progress and cancellation go through the call's options
 * on every try.
 */
final class IdentityRetries {
    /** How the reason of a face redacted for its identity begins. */
    static final String FAILED = "identity check failed: ";

    /**
     * @param attempts every attempt, each face's latest, in paste order
     * @param tries the measured tries of each face, by attempt index
     * @param failed the faces that must be redacted, by attempt index, with the reason
     */
    record Outcome(List<PhotoFaceGeneration.Attempt> attempts, Map<Integer, List<IdentityTry>> tries,
            Map<Integer, String> failed) {}

    private IdentityRetries() {}

    /**
     * @param generation the photo's generation
     * @param pass its first pass
     * @param auditor measures the faces
     * @param check threshold, fail-closed, retries
     * @param inputOf each attempt's input descriptor
     * @param compose the photo as the attempts give it (faces without a generated crop redacted)
     * @param options the call's options: progress and cancellation of every try
     * @return the attempts, tries and failures
     */
    static Outcome run(PhotoFaceGeneration generation, PhotoFaceGeneration.Pass pass, IdentityAuditor auditor,
            IdentityCheck check, Function<PhotoFaceGeneration.Attempt, IdentityAuditor.Input> inputOf,
            Function<List<PhotoFaceGeneration.Attempt>, RgbImage> compose, CallOptions options) {
        List<PhotoFaceGeneration.Attempt> current = new ArrayList<>(pass.attempts());
        Map<Integer, List<IdentityTry>> tries = new HashMap<>();
        Map<Integer, String> failed = new LinkedHashMap<>();
        boolean cancelled = pass.cancellation().isPresent();
        List<Integer> open = new ArrayList<>();
        for (PhotoFaceGeneration.Attempt a : current) {
            if (a.generated().isPresent()) {
                open.add(a.index());
            }
        }
        RgbImage composed = compose.apply(current);
        while (!open.isEmpty()) {
            List<Integer> matching = new ArrayList<>();
            for (int i : open) {
                PhotoFaceGeneration.Attempt a = current.get(i);
                OptionalDouble d = auditor.distance(inputOf.apply(a), composed, a.face().face());
                if (d.isPresent()) {
                    tries.computeIfAbsent(i, k -> new ArrayList<>()).add(new IdentityTry(a.tryNumber(), a.seed(),
                            d.getAsDouble()));
                    if (d.getAsDouble() < check.threshold()) {
                        matching.add(i);
                    }
                }
            }
            if (matching.isEmpty() || !check.failClosed()) {
                break;
            }
            boolean regenerated = false;
            for (int i : matching) {
                PhotoFaceGeneration.Attempt a = current.get(i);
                String stillMatched = stillMatched(tries.get(i), check.threshold());
                if (a.tryNumber() > check.retries()) {
                    failed.put(i, FAILED + stillMatched);
                } else if (cancelled) {
                    failed.put(i, FAILED + stillMatched + "; cancelled before it could be generated again");
                } else {
                    try {
                        PhotoFaceGeneration.Attempt next = generation.regenerate(a, options);
                        current.set(i, next);
                        if (next.generated().isPresent()) {
                            regenerated = true;
                        } else {
                            failed.put(i, FAILED + stillMatched + "; generating it again failed: " + next.failure());
                        }
                    } catch (CancelledException e) {
                        cancelled = true;
                        failed.put(i, FAILED + stillMatched + "; cancelled while it was generated again");
                    }
                }
            }
            open = matching;
            open.removeAll(failed.keySet());
            if (!regenerated) {
                break;
            }
            composed = compose.apply(current);
        }
        Map<Integer, List<IdentityTry>> frozen = new HashMap<>();
        tries.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return new Outcome(List.copyOf(current), Map.copyOf(frozen), Map.copyOf(failed));
    }

    /** "still matched its input after 2 generations (distances 0.12, 0.09; threshold 0.60)". */
    static String stillMatched(List<IdentityTry> tries, double threshold) {
        String distances = tries.stream().map(t -> String.format(Locale.ROOT, "%.2f", t.distance()))
                .collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "still matched its input after %d generation%s (distance%s %s; threshold"
                + " %.2f)", tries.size(), tries.size() == 1 ? "" : "s", tries.size() == 1 ? "" : "s", distances,
                threshold);
    }
}
