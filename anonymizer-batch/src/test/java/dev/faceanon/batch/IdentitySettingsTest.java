package dev.faceanon.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.identity.IdentityCheck;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The identity settings the command line and Spark share: each operation's default mode, the library's check they
 * make, and every contradiction refused with the setting named as the front end names it.
 */
class IdentitySettingsTest {
    private static final SettingNames NAMES = new SettingNames("checkIt", "matchBelow", "keepDir", "keepBelow",
            "cells", "sigma");

    @Test
    void anonymizationFailsClosedByDefaultTheOthersAudit() {
        IdentitySettings anonymize = IdentitySettings.builder().build(true, NAMES);
        assertEquals(IdentityMode.FAIL_CLOSED, anonymize.mode());
        IdentityCheck check = anonymize.check();
        assertTrue(check.failClosed());
        assertEquals(0.6, check.threshold());
        assertEquals(2, check.retries());
        IdentitySettings redact = IdentitySettings.builder().build(false, NAMES);
        assertEquals(IdentityMode.AUDIT, redact.mode());
        assertFalse(redact.check().failClosed());
        assertTrue(redact.recognizer());
        assertEquals(Optional.empty(), redact.keepDirectory());
    }

    @Test
    void theSettingsGivenAreTheCheckMadeAndTravel() throws IOException, ClassNotFoundException {
        IdentitySettings s = IdentitySettings.builder().mode(IdentityMode.AUDIT).threshold(0.45).retries(5)
                .keepDirectory(Path.of("/refs")).keepThreshold(0.3).build(true, NAMES);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        IdentitySettings copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (IdentitySettings) in.readObject();
        }
        assertEquals(0.45, copy.check().threshold());
        assertEquals(5, copy.check().retries());
        assertFalse(copy.check().failClosed());
        assertEquals(Optional.of(Path.of("/refs")), copy.keepDirectory());
        assertEquals(0.3, copy.keepThreshold());
        IdentitySettings off = IdentitySettings.builder().mode(IdentityMode.OFF).build(true, NAMES);
        assertFalse(off.recognizer());
        assertThrows(IllegalStateException.class, off::check);
    }

    @Test
    void contradictionsAreRefusedNamingTheSetting() {
        assertMessage("checkIt fail-closed applies to anonymize only; use audit or off",
                IdentitySettings.builder().mode(IdentityMode.FAIL_CLOSED), false);
        assertMessage("keepDir needs the face recognizer: it cannot be combined with checkIt off",
                IdentitySettings.builder().mode(IdentityMode.OFF).keepDirectory(Path.of("refs")), true);
        assertMessage("matchBelow must be a positive number, got 0.0", IdentitySettings.builder().threshold(0), true);
        assertMessage("keepBelow must be a positive number, got NaN",
                IdentitySettings.builder().keepThreshold(Double.NaN), false);
        assertMessage("identity retries must be in [0, 10], got 11",
                IdentitySettings.builder().mode(IdentityMode.OFF).retries(11), true);
        assertEquals("expected fail-closed, audit or off, got 'sometimes'",
                assertThrows(IllegalArgumentException.class, () -> IdentityMode.parse("sometimes")).getMessage());
        assertEquals(IdentityMode.FAIL_CLOSED, IdentityMode.parse("fail-closed"));
    }

    private static void assertMessage(String expected, IdentitySettings.Builder b, boolean anonymizes) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, () -> b.build(anonymizes, NAMES))
                .getMessage());
    }
}
