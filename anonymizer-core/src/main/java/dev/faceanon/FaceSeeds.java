package dev.faceanon;

/**
 * The seeds of a photo's generations, derived so that a config seed reproduces every face and every try:
 * face {@code k} (0-based paste order) of a call whose config has seed {@code s} starts from
 * {@code mix(s + (k + 1)·γ)}, and each further try of a face continues with {@code mix(previous + γ)}, the next
 * output of a SplitMix64 generator. {@code γ = 0x9E3779B97F4A7C15} and {@code mix} is SplitMix64's finaliser, which
 * decorrelates neighbouring inputs.
 */
final class FaceSeeds {
    /** SplitMix64's increment, the golden ratio in 64 bits. */
    static final long GAMMA = 0x9E3779B97F4A7C15L;

    private FaceSeeds() {}

    /**
     * @param configSeed the config's seed
     * @param faceIndex the face's position in paste order
     * @return the seed of the face's first generation
     */
    static long ofFace(long configSeed, int faceIndex) {
        return mix(configSeed + GAMMA * (faceIndex + 1));
    }

    /**
     * @param seed the seed of a face's try
     * @return the seed of its next try
     */
    static long next(long seed) {
        return mix(seed + GAMMA);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
