package dev.faceanon.djl.weights;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Assembles pickles opcode by opcode for tests, following the format as Python's pickletools documents it. */
final class PickleBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** @return a builder that starts with PROTO 2, as torch.save writes */
    static PickleBytes proto2() {
        return new PickleBytes().op(PickleOpcode.PROTO).u8(2);
    }

    PickleBytes op(PickleOpcode op) {
        out.write(op.code());
        return this;
    }

    PickleBytes u8(int v) {
        out.write(v);
        return this;
    }

    PickleBytes raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    PickleBytes le32(int v) {
        return raw(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
    }

    PickleBytes le64(long v) {
        return raw(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
    }

    /** BININT1, BININT2 or BININT, whichever Python would choose. */
    PickleBytes integer(long v) {
        if (v >= 0 && v < 256) {
            return op(PickleOpcode.BININT1).u8((int) v);
        }
        if (v >= 0 && v < 65536) {
            return op(PickleOpcode.BININT2).u8((int) v & 0xff).u8((int) (v >> 8));
        }
        if (v == (int) v) {
            return op(PickleOpcode.BININT).le32((int) v);
        }
        byte[] le = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
        return op(PickleOpcode.LONG1).u8(8).raw(le);
    }

    PickleBytes str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return op(PickleOpcode.BINUNICODE).le32(b.length).raw(b);
    }

    /** Python 2 {@code str}. */
    PickleBytes shortBinString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return op(PickleOpcode.SHORT_BINSTRING).u8(b.length).raw(b);
    }

    PickleBytes global(String module, String name) {
        return op(PickleOpcode.GLOBAL).raw((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    PickleBytes mark() {
        return op(PickleOpcode.MARK);
    }

    /** MARK, the integers, TUPLE. */
    PickleBytes tupleOf(long... values) {
        mark();
        for (long v : values) {
            integer(v);
        }
        return op(PickleOpcode.TUPLE);
    }

    /**
     * {@code _rebuild_tensor_v2(('storage', <storageClass>, key, 'cpu', numel[, None]), offset, size,
     * stride, False, OrderedDict())} as torch.save writes it.
     */
    PickleBytes tensorV2(String storageClass, String key, long numel, boolean legacy, long offset, long[] size,
            long[] stride) {
        global("torch._utils", "_rebuild_tensor_v2").mark();
        mark().str("storage").global("torch", storageClass).str(key).str("cpu").integer(numel);
        if (legacy) {
            op(PickleOpcode.NONE);
        }
        op(PickleOpcode.TUPLE).op(PickleOpcode.BINPERSID);
        integer(offset).tupleOf(size).tupleOf(stride).op(PickleOpcode.NEWFALSE);
        global("collections", "OrderedDict").op(PickleOpcode.EMPTY_TUPLE).op(PickleOpcode.REDUCE);
        return op(PickleOpcode.TUPLE).op(PickleOpcode.REDUCE);
    }

    PickleBytes stop() {
        return op(PickleOpcode.STOP);
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
