package dev.faceanon.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class UntrustedTextTest {

    @Test
    void ordinaryTextIsKeptAsItIs() {
        String name = "down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q.weight";
        assertSame(name, UntrustedText.escape(name));
        assertEquals("Gesicht_ü_顔 \\ tab-free", UntrustedText.escape("Gesicht_ü_顔 \\ tab-free"));
    }

    @Test
    void terminalControlsAreEscaped() {
        // ESC [2J clears the screen; BEL rings; CR rewrites the line; C1 CSI starts a sequence too.
        assertEquals("a\\u001b[2Jb\\u0007c\\rd\\ne\\tf\\u009bg\\u007f",
                UntrustedText.escape("a\u001b[2Jb\u0007c\rd\ne\tf\u009bg\u007f"));
    }

    @Test
    void bidirectionalAndOtherFormatCharactersAreEscaped() {
        // RIGHT-TO-LEFT OVERRIDE would show "weight.exe" as "weight.exe" reversed; isolates, marks,
        // zero-width characters, the BOM and the line separators are all invisible or reorder text.
        assertEquals("x\\u202ey\\u2066z\\u2069\\u200f\\u200b\\ufeff\\u2028\\u2029\\u061c",
                UntrustedText.escape("x\u202Ey\u2066z\u2069\u200F\u200B\uFEFF\u2028\u2029\u061C"));
        // Above the BMP: a language tag character; and a lone surrogate.
        assertEquals("t\\U000e0001\\ud800", UntrustedText.escape("t\uDB40\uDC01\uD800"));
        // A character above the BMP that is printable stays.
        assertEquals("😀", UntrustedText.escape("😀"));
    }

    @Test
    void quotingShortensAndSaysTheLength() {
        assertEquals("'a\\u0007b'", UntrustedText.quote("a\u0007b"));
        assertEquals("\"x\"", UntrustedText.quote("x", '"'));
        String quoted = UntrustedText.quote("y".repeat(500));
        assertEquals("'" + "y".repeat(UntrustedText.MAX_QUOTED_CHARS) + "...(500 chars)'", quoted);
        assertEquals("null", UntrustedText.quote(null));
        assertEquals("null", UntrustedText.escape(null));
        assertEquals("U+001B", UntrustedText.codePoint(0x1B));
    }

    @Test
    void abbreviatingIsQuotingWithoutTheMarks() {
        assertEquals("a\\u0007b", UntrustedText.abbreviate("a\u0007b"));
        String name = "n".repeat(UntrustedText.MAX_QUOTED_CHARS);
        assertSame(name, UntrustedText.abbreviate(name));
        // Cut after MAX_QUOTED_CHARS characters of the text itself, whatever their escapes would take.
        assertEquals(name + "...(1000121 chars)", UntrustedText.abbreviate(name + "\u001b".repeat(1_000_001)));
    }
}
