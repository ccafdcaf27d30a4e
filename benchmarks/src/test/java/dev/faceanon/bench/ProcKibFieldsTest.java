package dev.faceanon.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProcKibFieldsTest {
    /** The layout of a Linux 6.1 /proc/self/status, abridged, with hand-picked values. */
    private static final String STATUS = """
            Name:\tjava
            Umask:\t0022
            State:\tS (sleeping)
            VmPeak:\t 9876543 kB
            VmSize:\t 8765432 kB
            VmHWM:\t  1234567 kB
            VmRSS:\t   654321 kB
            RssAnon:\t  600000 kB
            Threads:\t42
            """;

    @Test
    void thePeakIsTheHighWaterMarkNotTheVirtualPeak() {
        assertEquals(OptionalLong.of(1234567), ProcKibFields.peakResidentKib(STATUS));
    }

    @Test
    void withoutAHighWaterMarkTheCurrentResidentSizeIsUsed() {
        String noPeak = STATUS.replace("VmHWM:\t  1234567 kB\n", "");
        assertEquals(OptionalLong.of(654321), ProcKibFields.peakResidentKib(noPeak));
    }

    @Test
    void fieldsAreMatchedByTheirWholeName() {
        assertEquals(OptionalLong.of(600000), ProcKibFields.field(STATUS, "RssAnon"));
        assertEquals(OptionalLong.empty(), ProcKibFields.field(STATUS, "Rss"));
        assertEquals(OptionalLong.empty(), ProcKibFields.field(STATUS, "VmSwap"));
    }

    @Test
    void malformedValuesAreNotRead() {
        assertEquals(OptionalLong.empty(), ProcKibFields.field("VmHWM:\t 12 MB\n", "VmHWM"));
        assertEquals(OptionalLong.empty(), ProcKibFields.field("VmHWM:\t twelve kB\n", "VmHWM"));
        assertEquals(OptionalLong.empty(), ProcKibFields.field("VmHWM:\t -5 kB\n", "VmHWM"));
        assertEquals(OptionalLong.empty(), ProcKibFields.field("VmHWM:\n", "VmHWM"));
        assertEquals(OptionalLong.empty(), ProcKibFields.peakResidentKib("Name:\tjava\n"));
    }

    @Test
    void meminfoTotalIsRead() {
        String meminfo = "MemTotal:       24684084 kB\nMemFree:         1000000 kB\n";
        assertEquals(OptionalLong.of(24684084), ProcKibFields.field(meminfo, "MemTotal"));
    }
}
