package dev.faceanon.djl.weights;

import dev.faceanon.model.WeightFormatException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A restricted unpickler: it interprets only the opcodes {@code torch.save} uses for state dicts
 * and never imports, instantiates or calls anything. Globals are looked up in the fixed
 * {@link PickleGlobal} list, and REDUCE, NEWOBJ, BUILD and persistent ids are handed to a
 * {@link PickleObjectFactory} that knows the few torch callables (and, when reading a TorchScript
 * archive, makes inert records of its module objects).
 *
 * <p>Values are plain Java objects: {@code String}, {@code Long} (or {@code BigInteger} beyond
 * 64 bits), {@code Double}, {@code Boolean}, {@link PickleNone}, {@code byte[]},
 * {@link PickleTuple}, {@code ArrayList<Object>} for lists, {@code LinkedHashMap<Object,Object>}
 * for dicts (keys restricted to scalars), {@link PickleGlobal}, and whatever the factory returns.
 *
 * <p>Allowed opcodes: PROTO (protocols 2 to 5), FRAME, STOP, MARK, EMPTY_DICT, EMPTY_LIST,
 * EMPTY_TUPLE, TUPLE, TUPLE1-3, APPEND(S), SETITEM(S), BININT, BININT1, BININT2, LONG1, BINFLOAT,
 * NONE, NEWTRUE, NEWFALSE, BINUNICODE, SHORT_BINUNICODE, BINUNICODE8, BINSTRING,
 * SHORT_BINSTRING (Python 2 {@code str}, decoded as UTF-8 like {@code torch.load}), BINBYTES,
 * SHORT_BINBYTES, BINPUT, LONG_BINPUT, MEMOIZE, BINGET, LONG_BINGET, GLOBAL, STACK_GLOBAL, REDUCE,
 * NEWOBJ (only on what the factory accepts as a class: TorchScript module classes, never a Python
 * class), BUILD and BINPERSID. Everything else (the text opcodes, INST, OBJ, NEWOBJ_EX, EXT*,
 * PERSID, sets, buffers, ...) is rejected by name.
 *
 * <p>Work is linear in the pickle length: every opcode consumes at least one byte and moves each
 * stack item at most once. Object count, memo size, mark depth and string lengths are bounded.
 */
final class PickleMachine {
    /** Values pushed by one pickle; a state dict needs about 20 per tensor. */
    static final int MAX_OBJECTS = 2_000_000;
    /** Nesting of MARKs; a state dict nests about 5 deep. */
    static final int MAX_MARK_DEPTH = 256;
    /** One string or bytes value. */
    static final int MAX_STRING_BYTES = 16 << 20;
    /** A GLOBAL line (module or name). */
    private static final int MAX_GLOBAL_LINE = 256;

    private final Path file;
    private final String label;
    private final ByteBuffer in;
    private final PickleObjectFactory factory;

    private final List<Object> stack = new ArrayList<>();
    private int[] marks = new int[16];
    private int markDepth;
    private final Map<Long, Object> memo = new HashMap<>();
    private int objects;
    private int opcodeStart;
    private PickleOpcode opcode;

    /**
     * @param file the checkpoint, for messages
     * @param label which pickle of the file this is, for messages (e.g. {@code archive/data.pkl})
     * @param pickle the pickle bytes from position 0; may run past the STOP opcode
     * @param factory the interpreter of REDUCE, BUILD and BINPERSID
     */
    PickleMachine(Path file, String label, ByteBuffer pickle, PickleObjectFactory factory) {
        this.file = file;
        this.label = label;
        this.in = pickle.slice().order(ByteOrder.LITTLE_ENDIAN);
        this.factory = factory;
    }

    /**
     * Runs the pickle to its STOP opcode.
     *
     * @return the pickled value
     * @throws WeightFormatException if the pickle is malformed, truncated, exceeds a bound or uses
     *     an opcode or global outside the allowed set
     */
    Object run() {
        while (true) {
            opcodeStart = in.position();
            if (!in.hasRemaining()) {
                throw reject("pickle ends without a STOP opcode");
            }
            byte b = in.get();
            opcode = PickleOpcode.of(b);
            if (opcode == null) {
                throw reject(String.format("unknown opcode 0x%02x", b & 0xff));
            }
            if (!opcode.allowed()) {
                throw reject("opcode " + opcode + " is not allowed in a state dict");
            }
            if (opcode == PickleOpcode.STOP) {
                if (markDepth != 0 || stack.size() != 1) {
                    throw reject("STOP with " + stack.size() + " values and " + markDepth + " open marks");
                }
                return stack.get(0);
            }
            step(opcode);
        }
    }

    /** @return the number of bytes read, including the STOP opcode */
    int consumed() {
        return in.position();
    }

    private void step(PickleOpcode op) {
        switch (op) {
            case PROTO:
                int version = u8();
                if (version < 2 || version > 5) {
                    throw reject("pickle protocol " + version + " is not supported (2 to 5 are)");
                }
                break;
            case FRAME:
                long frame = in.getLong(need(8));
                if (frame < 0 || frame > in.remaining()) {
                    throw reject("frame of " + Long.toUnsignedString(frame) + " bytes exceeds the "
                            + in.remaining() + " bytes left");
                }
                break;
            case MARK:
                pushMark();
                break;
            case EMPTY_DICT:
                push(new LinkedHashMap<>());
                break;
            case EMPTY_LIST:
                push(new ArrayList<>());
                break;
            case EMPTY_TUPLE:
                push(PickleTuple.EMPTY);
                break;
            case TUPLE:
                push(PickleTuple.of(popToMark()));
                break;
            case TUPLE1:
            case TUPLE2:
            case TUPLE3:
                int n = op == PickleOpcode.TUPLE1 ? 1 : op == PickleOpcode.TUPLE2 ? 2 : 3;
                push(PickleTuple.of(popN(n)));
                break;
            case APPEND:
                Object item = pop();
                list(peek()).add(item);
                break;
            case APPENDS:
                List<Object> items = popToMark();
                list(peek()).addAll(items);
                break;
            case SETITEM:
                Object value = pop();
                Object key = pop();
                put(dict(peek()), key, value);
                break;
            case SETITEMS:
                List<Object> kv = popToMark();
                if (kv.size() % 2 != 0) {
                    throw reject("SETITEMS with an odd number (" + kv.size() + ") of keys and values");
                }
                Map<Object, Object> target = dict(peek());
                for (int i = 0; i < kv.size(); i += 2) {
                    put(target, kv.get(i), kv.get(i + 1));
                }
                break;
            case BININT:
                push((long) in.getInt(need(4)));
                break;
            case BININT1:
                push((long) u8());
                break;
            case BININT2:
                push((long) (in.getShort(need(2)) & 0xffff));
                break;
            case LONG1:
                push(long1(u8()));
                break;
            case BINFLOAT:
                // The only big-endian field of the format.
                push(Double.longBitsToDouble(Long.reverseBytes(in.getLong(need(8)))));
                break;
            case NONE:
                push(PickleNone.NONE);
                break;
            case NEWTRUE:
                push(Boolean.TRUE);
                break;
            case NEWFALSE:
                push(Boolean.FALSE);
                break;
            case SHORT_BINUNICODE:
            case SHORT_BINSTRING:
                push(utf8(u8()));
                break;
            case BINUNICODE:
                push(utf8(Integer.toUnsignedLong(in.getInt(need(4)))));
                break;
            case BINSTRING:
                // Signed in Python; a negative length is an error there too.
                push(utf8(in.getInt(need(4))));
                break;
            case BINUNICODE8:
                push(utf8(in.getLong(need(8))));
                break;
            case SHORT_BINBYTES:
                push(bytes(u8()));
                break;
            case BINBYTES:
                push(bytes(Integer.toUnsignedLong(in.getInt(need(4)))));
                break;
            case BINPUT:
                memoize(u8());
                break;
            case LONG_BINPUT:
                memoize(Integer.toUnsignedLong(in.getInt(need(4))));
                break;
            case MEMOIZE:
                memoize(memo.size());
                break;
            case BINGET:
                recall(u8());
                break;
            case LONG_BINGET:
                recall(Integer.toUnsignedLong(in.getInt(need(4))));
                break;
            case GLOBAL:
                String module = globalLine();
                push(global(module, globalLine()));
                break;
            case STACK_GLOBAL:
                Object name = pop();
                Object mod = pop();
                if (!(mod instanceof String) || !(name instanceof String)) {
                    throw reject("STACK_GLOBAL needs two strings, got " + typeName(mod) + " and " + typeName(name));
                }
                push(global((String) mod, (String) name));
                break;
            case REDUCE:
                Object args = pop();
                Object callable = pop();
                if (!(callable instanceof PickleGlobal)) {
                    throw reject("REDUCE on a " + typeName(callable) + ", not an allowed global");
                }
                if (!(args instanceof PickleTuple)) {
                    throw reject("REDUCE arguments of " + callable + " are a " + typeName(args) + ", not a tuple");
                }
                push(factory.call((PickleGlobal) callable, (PickleTuple) args));
                break;
            case NEWOBJ:
                Object newArgs = pop();
                Object cls = pop();
                if (!(newArgs instanceof PickleTuple)) {
                    throw reject("NEWOBJ arguments are a " + typeName(newArgs) + ", not a tuple");
                }
                Object made = factory.newObject(cls, (PickleTuple) newArgs);
                if (made == null) {
                    throw reject("NEWOBJ on a " + typeName(cls) + ": objects of classes are not allowed here");
                }
                push(made);
                break;
            case BUILD:
                Object state = pop();
                factory.build(peek(), state);
                break;
            case BINPERSID:
                push(factory.persistentLoad(pop()));
                break;
            default:
                throw new IllegalStateException("opcode " + op + " marked allowed but not interpreted");
        }
    }

    private Object global(String module, String name) {
        Object known = PickleGlobal.find(module, name).orElse(null);
        if (known == null) {
            known = factory.scriptClass(module, name);
        }
        if (known == null) {
            throw reject("global " + module + "." + name + " is not allowed: a state dict only names tensor"
                    + " rebuild functions, storage types and collections.OrderedDict, and this reader never"
                    + " imports or calls anything else");
        }
        return known;
    }

    private String globalLine() {
        int start = in.position();
        int limit = Math.min(in.limit(), start + MAX_GLOBAL_LINE + 1);
        for (int i = start; i < limit; i++) {
            byte c = in.get(i);
            if (c == '\n') {
                byte[] ascii = new byte[i - start];
                in.get(ascii);
                in.get();
                for (byte a : ascii) {
                    if (a < 0x20 || a > 0x7e) {
                        throw reject("GLOBAL name contains a non-printable byte");
                    }
                }
                return new String(ascii, StandardCharsets.US_ASCII);
            }
        }
        throw reject("GLOBAL line is unterminated or longer than " + MAX_GLOBAL_LINE + " bytes");
    }

    private Object long1(int n) {
        int at = need(n);
        if (n == 0) {
            return 0L;
        }
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) {
            be[n - 1 - i] = in.get(at + i);
        }
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private String utf8(long length) {
        byte[] b = bytes(length);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(b));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw reject("string is not valid UTF-8");
        }
    }

    private byte[] bytes(long length) {
        if (length < 0 || length > MAX_STRING_BYTES) {
            throw reject("string length " + length + " is outside 0.." + MAX_STRING_BYTES);
        }
        int at = need((int) length);
        byte[] b = new byte[(int) length];
        in.get(at, b);
        return b;
    }

    /** Reserves {@code n} bytes after the opcode and returns their absolute position. */
    private int need(int n) {
        int at = in.position();
        if (n > in.remaining()) {
            throw reject("truncated: needs " + n + " bytes, " + in.remaining() + " left");
        }
        in.position(at + n);
        return at;
    }

    private int u8() {
        return in.get(need(1)) & 0xff;
    }

    private void memoize(long index) {
        Object top = peek();
        if (memo.size() >= MAX_OBJECTS && !memo.containsKey(index)) {
            throw reject("memo exceeds " + MAX_OBJECTS + " entries");
        }
        memo.put(index, top);
    }

    private void recall(long index) {
        Object v = memo.get(index);
        if (v == null) {
            throw reject("memo index " + index + " was never stored");
        }
        // Counted like a new object: repeated BINGETs would otherwise grow the stack unbounded.
        push(v);
    }

    private void push(Object v) {
        if (++objects > MAX_OBJECTS) {
            throw reject("more than " + MAX_OBJECTS + " objects");
        }
        stack.add(v);
    }

    private void pushMark() {
        if (markDepth == MAX_MARK_DEPTH) {
            throw reject("marks nested deeper than " + MAX_MARK_DEPTH);
        }
        if (markDepth == marks.length) {
            marks = Arrays.copyOf(marks, marks.length * 2);
        }
        marks[markDepth++] = stack.size();
    }

    private int frameBase() {
        return markDepth == 0 ? 0 : marks[markDepth - 1];
    }

    private Object pop() {
        if (stack.size() <= frameBase()) {
            throw reject("stack underflow");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek() {
        if (stack.size() <= frameBase()) {
            throw reject("stack underflow");
        }
        return stack.get(stack.size() - 1);
    }

    private List<Object> popN(int n) {
        if (stack.size() - frameBase() < n) {
            throw reject("stack underflow");
        }
        List<Object> top = stack.subList(stack.size() - n, stack.size());
        List<Object> out = new ArrayList<>(top);
        top.clear();
        return out;
    }

    private List<Object> popToMark() {
        if (markDepth == 0) {
            throw reject("no MARK to pop to");
        }
        int base = marks[--markDepth];
        List<Object> top = stack.subList(base, stack.size());
        List<Object> out = new ArrayList<>(top);
        top.clear();
        return out;
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object target) {
        if (!(target instanceof ArrayList)) {
            throw reject(opcode + " on a " + typeName(target) + ", not a list");
        }
        return (List<Object>) target;
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object target) {
        if (!(target instanceof LinkedHashMap)) {
            throw reject(opcode + " on a " + typeName(target) + ", not a dict");
        }
        return (Map<Object, Object>) target;
    }

    private void put(Map<Object, Object> target, Object key, Object value) {
        if (!isScalarKey(key)) {
            throw reject("dict key of type " + typeName(key) + " is not supported");
        }
        target.put(key, value);
    }

    /**
     * @param key a dict key
     * @return true for the scalar types accepted as keys; containers would need deep hashing of
     *     attacker-shaped structures
     */
    static boolean isScalarKey(Object key) {
        return key instanceof String || key instanceof Long || key instanceof BigInteger || key instanceof Boolean
                || key instanceof Double || key instanceof PickleNone;
    }

    private WeightFormatException reject(String message) {
        return new WeightFormatException(file, label + " at byte " + opcodeStart + ": " + message);
    }

    /**
     * @param v a pickle value
     * @return a short type name for messages, never the value itself
     */
    static String typeName(Object v) {
        if (v instanceof String) {
            return "str";
        } else if (v instanceof Long || v instanceof BigInteger) {
            return "int";
        } else if (v instanceof Double) {
            return "float";
        } else if (v instanceof Boolean) {
            return "bool";
        } else if (v instanceof PickleNone) {
            return "None";
        } else if (v instanceof byte[]) {
            return "bytes";
        } else if (v instanceof PickleTuple) {
            return "tuple";
        } else if (v instanceof List) {
            return "list";
        } else if (v instanceof Map) {
            return "dict";
        } else if (v instanceof PickleGlobal) {
            return "global " + v;
        } else if (v instanceof TorchScriptObject.ScriptClass) {
            return "class " + v;
        } else if (v instanceof TorchScriptObject) {
            return v.toString();
        } else {
            return v.getClass().getSimpleName();
        }
    }
}
