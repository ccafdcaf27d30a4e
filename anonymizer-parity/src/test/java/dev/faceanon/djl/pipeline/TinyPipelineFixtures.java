package dev.faceanon.djl.pipeline;

import dev.faceanon.DiffusionConfig;
import dev.faceanon.parity.golden.GoldenCase;
import dev.faceanon.parity.golden.GoldenDirectory;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.sampling.SamplerKind;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/** What the public-API tests on tiny networks share: a short run, the golden face crops, raw pixels. */
final class TinyPipelineFixtures {

    private TinyPipelineFixtures() {}

    /**
     * @param seed the generation seed
     * @return DPM-Solver++ (2M) with 4 steps: every stage of the pipeline, quickly
     */
    static DiffusionConfig config(long seed) {
        return DiffusionConfig.builder().sampler(SamplerKind.DPM_SOLVER_PP_2M).steps(4).seed(seed).build();
    }

    /**
     * @param name {@code input.conditioning_image_u8} or {@code input.source_image_u8}
     * @return that 128×128 aligned face crop of the {@code pipeline_tiny_swap} golden
     */
    static BufferedImage goldenFace(String name) {
        try (GoldenCase g = GoldenDirectory.fromSystemProperty().open("pipeline_tiny_swap")) {
            return BufferedImageConverter.toBufferedImage(g.rgbImage(name));
        }
    }

    /**
     * @param image a byte-backed image, as the library returns
     * @return its raster bytes (not a copy)
     */
    static byte[] pixels(BufferedImage image) {
        return ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    }
}
