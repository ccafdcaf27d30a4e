package dev.faceanon.djl.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.model.WeightFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Classic pickle exploits, written by make_fixtures.py with Python's own pickler (or by hand where
 * the pickler would not emit the opcode). Each payload would create a marker file if it ran.
 */
class TorchCheckpointMaliciousTest {
    /** Baked into the payloads by make_fixtures.py. */
    private static final Path MARKER = Path.of("/tmp/faceanon-pickle-marker");

    @BeforeEach
    void noStaleMarker() throws IOException {
        Files.deleteIfExists(MARKER);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "evil_os_system.pkl, global os.system",
        "evil_builtins_eval.pkl, global builtins.eval",
        "evil_posix_system.pkl, global posix.system",
        "evil_reduce_exec.pkl, global builtins.exec",
        "evil_plain_object.pkl, global __main__.PlainObject",
        "evil_inst.pkl, opcode INST",
        "evil_zip.pt, global os.system",
        "evil_legacy.pt, global builtins.eval",
        // torch.save uses protocol 2, which spells the builtins module the Python 2 way.
        "evil_state_dict_zip.pt, global __builtin__.exec",
        "evil_state_dict_legacy.pt, global __builtin__.exec",
    })
    void exploitIsRejectedByNameAndNeverRuns(String file, String named) throws IOException {
        Path path = TorchCheckpointFiles.fixture(file);
        // The fixture really carries a payload aimed at the marker (guards against an empty fixture).
        String content = new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1);
        assertTrue(content.contains("faceanon-pickle-marker"), file + " has no payload");

        WeightFormatException e = assertThrows(WeightFormatException.class, () -> TorchCheckpoint.open(path));
        assertTrue(e.getMessage().contains(named), e.getMessage());
        assertTrue(e.getMessage().contains("not allowed"), e.getMessage());
        assertEquals(path, e.file());
        assertFalse(Files.exists(MARKER), "payload of " + file + " ran");
    }
}
