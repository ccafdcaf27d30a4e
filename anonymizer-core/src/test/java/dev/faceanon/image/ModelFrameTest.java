package dev.faceanon.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ModelFrameTest {

    private static RgbImage image(int width, int height) {
        byte[] rgb = new byte[width * height * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) (i * 7);
        }
        return RgbImage.of(width, height, rgb);
    }

    @Test
    void derivedSizesAreFlooredToTheVaeMultiple() {
        ModelFrame frame = ModelFrame.of(image(141, 203), OptionalInt.empty(), OptionalInt.empty(), 8);
        assertEquals(new ModelFrame(141, 203, 136, 200), frame);
        assertTrue(frame.resizes());
        ModelFrame hidden = ModelFrame.of(image(229, 150), OptionalInt.empty(), OptionalInt.empty(), 8);
        assertEquals(224, hidden.modelWidth());
        assertEquals(144, hidden.modelHeight());
    }

    @Test
    void requestedSizesAreFlooredToo() {
        assertEquals(new ModelFrame(300, 200, 512, 512), ModelFrame.of(image(300, 200), 512, 512));
        assertEquals(new ModelFrame(300, 200, 96, 200),
                ModelFrame.of(image(300, 200), OptionalInt.of(103), OptionalInt.empty(), 8));
    }

    @Test
    void resizesWithLanczosBothWays() {
        RgbImage input = image(30, 20);
        ModelFrame frame = ModelFrame.of(input, 16, 24);
        RgbImage model = frame.toModel(input);
        assertEquals(PillowResampler.resize(input, 16, 24, ResampleFilter.LANCZOS), model);
        assertEquals(PillowResampler.resize(model, 30, 20, ResampleFilter.LANCZOS), frame.toInput(model));
        assertThrows(IllegalArgumentException.class, () -> frame.toModel(model));
        assertThrows(IllegalArgumentException.class, () -> frame.toInput(input));
    }

    @Test
    void matchingSizesAreLeftAlone() {
        RgbImage input = image(16, 24);
        ModelFrame frame = ModelFrame.of(input, OptionalInt.empty(), OptionalInt.empty(), 8);
        assertFalse(frame.resizes());
        assertSame(input, frame.toModel(input));
        assertSame(input, frame.toInput(input));
    }

    @Test
    void rejectsSizesThatFloorToNothing() {
        ImageTooSmallException e = assertThrows(ImageTooSmallException.class,
                () -> ModelFrame.of(image(7, 30), OptionalInt.empty(), OptionalInt.empty(), 8));
        assertTrue(e.getMessage().contains("7x30"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ModelFrame.of(image(30, 30), 7, 512));
        assertThrows(IllegalArgumentException.class,
                () -> ModelFrame.of(image(30, 30), OptionalInt.empty(), OptionalInt.empty(), 0));
        assertThrows(IllegalArgumentException.class, () -> new ModelFrame(0, 1, 1, 1));
    }
}
