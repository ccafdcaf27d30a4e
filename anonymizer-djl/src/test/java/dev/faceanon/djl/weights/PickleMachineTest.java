package dev.faceanon.djl.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.model.WeightFormatException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The restricted unpickler on hand-assembled pickles. */
class PickleMachineTest {
    private static final Path FILE = Path.of("test.pkl");

    private static Object run(byte[] pickle) {
        TorchCheckpointObjects objects = new TorchCheckpointObjects(FILE, "test pickle",
                TorchCheckpointObjects.PersistentIds.NONE, 1 << 20);
        return new PickleMachine(FILE, "test pickle", ByteBuffer.wrap(pickle), objects).run();
    }

    private static String rejection(byte[] pickle) {
        return assertThrows(WeightFormatException.class, () -> run(pickle)).getMessage();
    }

    /** As data.pkl of a TorchScript archive is read. */
    private static Object runTorchScript(byte[] pickle) {
        TorchCheckpointObjects objects = new TorchCheckpointObjects(FILE, "data.pkl",
                TorchCheckpointObjects.PersistentIds.ZIP, true, 1 << 20);
        return new PickleMachine(FILE, "data.pkl", ByteBuffer.wrap(pickle), objects).run();
    }

    private static String torchScriptRejection(byte[] pickle) {
        return assertThrows(WeightFormatException.class, () -> runTorchScript(pickle)).getMessage();
    }

    /** {@code __torch__.<name>()} with the given BUILD state pushed by {@code state}. */
    private static PickleBytes scriptObject(String module, String name) {
        return PickleBytes.proto2().global(module, name).op(PickleOpcode.EMPTY_TUPLE).op(PickleOpcode.NEWOBJ);
    }

    static Stream<PickleOpcode> forbiddenOpcodes() {
        return Arrays.stream(PickleOpcode.values()).filter(op -> !op.allowed());
    }

    @ParameterizedTest
    @MethodSource("forbiddenOpcodes")
    void everyOpcodeOutsideTheAllowedSetIsRejectedByName(PickleOpcode op) {
        // Operand bytes that would be valid for the text opcodes, so only the opcode itself can fail.
        byte[] pickle = PickleBytes.proto2().op(op).raw("os\nsystem\n".getBytes()).stop().bytes();
        String message = rejection(pickle);
        assertTrue(message.contains("opcode " + op.name() + " is not allowed"), message);
        assertTrue(message.contains("at byte 2"), message);
    }

    @Test
    void unknownOpcodeAndProtocolsOutsideTwoToFive() {
        assertTrue(rejection(new byte[] {(byte) 0xff}).contains("unknown opcode 0xff"));
        assertTrue(rejection(PickleBytes.proto2().op(PickleOpcode.PROTO).u8(6).bytes()).contains("protocol 6"));
        assertTrue(rejection(new PickleBytes().op(PickleOpcode.PROTO).u8(1).bytes()).contains("protocol 1"));
    }

    @Test
    void python2StateDictWithByteStringKeysAndItemListOrderedDict() {
        // Python 2 pickles OrderedDict as OrderedDict([[key, value], ...]) and str as SHORT_BINSTRING.
        byte[] pickle = PickleBytes.proto2().global("collections", "OrderedDict")
                .op(PickleOpcode.EMPTY_LIST).mark()
                .op(PickleOpcode.EMPTY_LIST).mark().shortBinString("conv1_1.weight").integer(7)
                .op(PickleOpcode.APPENDS)
                .op(PickleOpcode.EMPTY_LIST).mark().shortBinString("b\u00e9").integer(-2)
                .op(PickleOpcode.APPENDS)
                .op(PickleOpcode.APPENDS).op(PickleOpcode.TUPLE1).op(PickleOpcode.REDUCE)
                .op(PickleOpcode.EMPTY_DICT).op(PickleOpcode.BUILD).stop().bytes();
        assertEquals(Map.of("conv1_1.weight", 7L, "b\u00e9", -2L), run(pickle));
    }

    @Test
    void numbersDecodeAsPythonDoes() {
        // LONG1 is little-endian two's complement; BINFLOAT is the one big-endian field.
        byte[] pickle = PickleBytes.proto2().mark()
                .op(PickleOpcode.LONG1).u8(1).u8(0xff)
                .op(PickleOpcode.LONG1).u8(0)
                .op(PickleOpcode.LONG1).u8(9).raw(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 1})
                .op(PickleOpcode.BININT).le32(-5)
                .op(PickleOpcode.BININT2).u8(0x34).u8(0x12)
                .op(PickleOpcode.BINFLOAT).raw(new byte[] {0x3f, (byte) 0xf8, 0, 0, 0, 0, 0, 0})
                .op(PickleOpcode.NEWTRUE).op(PickleOpcode.NONE)
                .op(PickleOpcode.TUPLE).stop().bytes();
        List<Object> items = ((PickleTuple) run(pickle)).items();
        assertEquals(List.of(-1L, 0L, BigInteger.ONE.shiftLeft(64), -5L, 0x1234L, 1.5, true, PickleNone.NONE),
                items);
    }

    @Test
    void memoSharesObjectsAndMissingIndicesAreRejected() {
        byte[] pickle = PickleBytes.proto2().op(PickleOpcode.EMPTY_LIST).op(PickleOpcode.BINPUT).u8(3)
                .op(PickleOpcode.BINGET).u8(3).op(PickleOpcode.TUPLE2).stop().bytes();
        PickleTuple t = (PickleTuple) run(pickle);
        assertSame(t.get(0), t.get(1));

        String message = rejection(PickleBytes.proto2().op(PickleOpcode.LONG_BINGET).le32(0xfffffff0).stop().bytes());
        assertTrue(message.contains("memo index 4294967280 was never stored"), message);
    }

    @Test
    void boundsOnNestingLengthsAndObjectCount() {
        PickleBytes deep = PickleBytes.proto2();
        for (int i = 0; i < 1000; i++) {
            deep.mark();
        }
        assertTrue(rejection(deep.bytes()).contains("marks nested deeper than"));

        String huge = rejection(PickleBytes.proto2().op(PickleOpcode.BINUNICODE).le32(0x7fffffff).bytes());
        assertTrue(huge.contains("string length 2147483647"), huge);
        String truncated = rejection(PickleBytes.proto2().op(PickleOpcode.BINUNICODE).le32(100).raw(new byte[5])
                .bytes());
        assertTrue(truncated.contains("truncated"), truncated);
        String frame = rejection(new PickleBytes().op(PickleOpcode.PROTO).u8(4).op(PickleOpcode.FRAME)
                .le64(Long.MAX_VALUE).bytes());
        assertTrue(frame.contains("frame"), frame);

        // References are counted like new objects: BINGET in a loop cannot grow the stack unbounded.
        PickleBytes many = PickleBytes.proto2().op(PickleOpcode.EMPTY_LIST).op(PickleOpcode.BINPUT).u8(0).mark();
        for (int i = 0; i < PickleMachine.MAX_OBJECTS; i++) {
            many.op(PickleOpcode.BINGET).u8(0);
        }
        String count = rejection(many.bytes());
        assertTrue(count.contains("more than " + PickleMachine.MAX_OBJECTS + " objects"), count);
    }

    @Test
    void malformedStructuresAreRejected() {
        assertTrue(rejection(PickleBytes.proto2().op(PickleOpcode.BINUNICODE).le32(2).u8(0xc3).u8(0x28).stop()
                .bytes()).contains("not valid UTF-8"));
        assertTrue(rejection(PickleBytes.proto2().integer(1).integer(2).stop().bytes()).contains("STOP with 2 values"));
        assertTrue(rejection(PickleBytes.proto2().integer(1).bytes()).contains("without a STOP"));
        assertTrue(rejection(PickleBytes.proto2().op(PickleOpcode.APPEND).bytes()).contains("stack underflow"));
        assertTrue(rejection(PickleBytes.proto2().op(PickleOpcode.EMPTY_DICT).op(PickleOpcode.EMPTY_LIST)
                .integer(1).op(PickleOpcode.SETITEM).stop().bytes()).contains("dict key of type list"));
        assertTrue(rejection(PickleBytes.proto2().integer(1).integer(2).op(PickleOpcode.APPEND).stop().bytes())
                .contains("APPEND on a int, not a list"));
        assertTrue(rejection(PickleBytes.proto2().integer(1).op(PickleOpcode.EMPTY_TUPLE).op(PickleOpcode.REDUCE)
                .stop().bytes()).contains("REDUCE on a int"));
        assertTrue(rejection(PickleBytes.proto2().op(PickleOpcode.GLOBAL).raw("torch\nFloatStorage".getBytes())
                .bytes()).contains("unterminated"));
    }

    @Test
    void stackGlobalIsCheckedLikeGlobal() {
        String message = rejection(new PickleBytes().op(PickleOpcode.PROTO).u8(4)
                .op(PickleOpcode.SHORT_BINUNICODE).u8(10).raw("subprocess".getBytes())
                .op(PickleOpcode.SHORT_BINUNICODE).u8(5).raw("Popen".getBytes())
                .op(PickleOpcode.STACK_GLOBAL).stop().bytes());
        assertTrue(message.contains("global subprocess.Popen is not allowed"), message);
    }

    @Test
    void allowedGlobalsAreOnlyInterpretedWithTheirKnownArguments() {
        assertTrue(rejection(PickleBytes.proto2().global("torch", "FloatStorage").op(PickleOpcode.EMPTY_TUPLE)
                .op(PickleOpcode.REDUCE).stop().bytes()).contains("torch.FloatStorage cannot be called"));
        assertTrue(rejection(PickleBytes.proto2().global("collections", "OrderedDict").integer(1).integer(2)
                .op(PickleOpcode.TUPLE2).op(PickleOpcode.REDUCE).stop().bytes()).contains("2 arguments"));
        assertTrue(rejection(PickleBytes.proto2().global("torch._utils", "_rebuild_tensor_v2")
                .op(PickleOpcode.EMPTY_TUPLE).op(PickleOpcode.REDUCE).stop().bytes())
                .contains("called with 0 arguments, 6 or 7 expected"));
        assertTrue(rejection(PickleBytes.proto2().op(PickleOpcode.EMPTY_LIST).op(PickleOpcode.EMPTY_DICT)
                .op(PickleOpcode.BUILD).stop().bytes()).contains("BUILD on a list"));
        assertTrue(rejection(PickleBytes.proto2().str("storage").op(PickleOpcode.TUPLE1).op(PickleOpcode.BINPERSID)
                .stop().bytes()).contains("cannot reference storage"));
        // A dtype is an inert value.
        assertSame(PickleGlobal.DTYPE_FLOAT16, run(PickleBytes.proto2().global("torch", "float16").stop().bytes()));
    }

    @Test
    void torchScriptModuleObjectsAreInertAttributeRecords() {
        Object module = runTorchScript(scriptObject("__torch__.face_alignment.models", "FAN")
                .op(PickleOpcode.EMPTY_DICT).mark().str("training").op(PickleOpcode.NEWFALSE)
                .str("child").global("__torch__.torch.nn.modules.conv", "Conv2d").op(PickleOpcode.EMPTY_TUPLE)
                .op(PickleOpcode.NEWOBJ).op(PickleOpcode.EMPTY_DICT).mark().str("padding").integer(1)
                .op(PickleOpcode.SETITEMS).op(PickleOpcode.BUILD)
                .op(PickleOpcode.SETITEMS).op(PickleOpcode.BUILD).stop().bytes());
        TorchScriptObject fan = (TorchScriptObject) module;
        assertEquals("__torch__.face_alignment.models.FAN", fan.type().qualifiedName());
        assertEquals(List.of("training", "child"), List.copyOf(fan.attributes().keySet()));
        TorchScriptObject child = (TorchScriptObject) fan.attributes().get("child");
        assertEquals(Map.of("padding", 1L), child.attributes());
    }

    @Test
    void torchScriptObjectsThatRestoreThemselvesWithTheirOwnCodeAreRejected() {
        // A tuple state means the class has a __setstate__ of its own: code the archive wants run.
        String tuple = torchScriptRejection(scriptObject("__torch__", "Attack").integer(1).op(PickleOpcode.TUPLE1)
                .op(PickleOpcode.BUILD).stop().bytes());
        assertTrue(tuple.contains("__torch__.Attack restores its state (a tuple) with a __setstate__"), tuple);
        assertTrue(torchScriptRejection(scriptObject("__torch__", "Twice").op(PickleOpcode.EMPTY_DICT)
                .op(PickleOpcode.BUILD).op(PickleOpcode.EMPTY_DICT).op(PickleOpcode.BUILD).stop().bytes())
                .contains("BUILD on __torch__.Twice twice"));
        assertTrue(torchScriptRejection(PickleBytes.proto2().global("__torch__", "Args").integer(1)
                .op(PickleOpcode.TUPLE1).op(PickleOpcode.NEWOBJ).stop().bytes())
                .contains("NEWOBJ of __torch__.Args with 1 arguments"));
        // Only __torch__ classes, and only with identifier names; nothing is ever imported.
        assertTrue(torchScriptRejection(scriptObject("os", "system").stop().bytes())
                .contains("global os.system is not allowed"));
        assertTrue(torchScriptRejection(scriptObject("__torch__x", "A").stop().bytes())
                .contains("global __torch__x.A is not allowed"));
        assertTrue(torchScriptRejection(scriptObject("__torch__.a b", "A").stop().bytes())
                .contains("is not allowed"));
        // NEWOBJ on an allowed callable creates nothing.
        assertTrue(torchScriptRejection(PickleBytes.proto2().global("collections", "OrderedDict")
                .op(PickleOpcode.EMPTY_TUPLE).op(PickleOpcode.NEWOBJ).stop().bytes())
                .contains("NEWOBJ on a global collections.OrderedDict"));
    }

    @Test
    void aStateDictMayNotHoldTorchScriptObjectsOrTags() {
        assertTrue(rejection(scriptObject("__torch__", "FAN").stop().bytes())
                .contains("global __torch__.FAN is not allowed"));
        assertTrue(rejection(PickleBytes.proto2().global("torch.jit._pickle", "restore_type_tag")
                .op(PickleOpcode.EMPTY_DICT).str("Dict[str, Tensor]").op(PickleOpcode.TUPLE2)
                .op(PickleOpcode.REDUCE).stop().bytes()).contains("only appears in TorchScript archives"));
    }

    @Test
    void torchScriptContainerTagsGiveTheContainerItself() {
        Object dict = runTorchScript(PickleBytes.proto2().global("torch.jit._pickle", "restore_type_tag")
                .op(PickleOpcode.EMPTY_DICT).str("a").integer(3).op(PickleOpcode.SETITEM)
                .str("Dict[str, int]").op(PickleOpcode.TUPLE2).op(PickleOpcode.REDUCE).stop().bytes());
        assertEquals(Map.of("a", 3L), dict);
        Object ints = runTorchScript(PickleBytes.proto2().global("torch.jit._pickle", "build_intlist")
                .op(PickleOpcode.EMPTY_LIST).mark().integer(1).integer(2).op(PickleOpcode.APPENDS)
                .op(PickleOpcode.TUPLE1).op(PickleOpcode.REDUCE).stop().bytes());
        assertEquals(List.of(1L, 2L), ints);
        assertTrue(torchScriptRejection(PickleBytes.proto2().global("torch.jit._pickle", "build_intlist")
                .op(PickleOpcode.EMPTY_LIST).mark().str("x").op(PickleOpcode.APPENDS)
                .op(PickleOpcode.TUPLE1).op(PickleOpcode.REDUCE).stop().bytes()).contains("holds a str"));
    }
}
