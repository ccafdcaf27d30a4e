package dev.faceanon.djl.weights;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A module object of a TorchScript archive's {@code data.pkl}, kept as inert data: its class name
 * and the attribute dict that {@code torch.jit.save} pickles for it (parameters, buffers,
 * submodules, {@code training}). The class's code, which libtorch would compile and whose
 * {@code __setstate__} it would run, is never read.
 */
final class TorchScriptObject {
    /** Every TorchScript class lives under this Python module prefix. */
    static final String MODULE_PREFIX = "__torch__";

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    /** The class a GLOBAL named: a tag, never resolved to code. */
    record ScriptClass(String qualifiedName) {
        @Override
        public String toString() {
            return qualifiedName;
        }
    }

    private final ScriptClass type;
    private Map<String, Object> attributes;

    TorchScriptObject(ScriptClass type) {
        this.type = type;
    }

    /**
     * @param module the module a GLOBAL names
     * @param name the class it names
     * @return whether the pair names a TorchScript class ({@code __torch__.*}, identifiers only)
     */
    static boolean isScriptClass(String module, String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            return false;
        }
        if (module.equals(MODULE_PREFIX)) {
            return true;
        }
        if (!module.startsWith(MODULE_PREFIX + ".")) {
            return false;
        }
        for (String part : module.substring(MODULE_PREFIX.length() + 1).split("\\.", -1)) {
            if (!IDENTIFIER.matcher(part).matches()) {
                return false;
            }
        }
        return true;
    }

    ScriptClass type() {
        return type;
    }

    /** @return whether BUILD has given the object its attributes */
    boolean built() {
        return attributes != null;
    }

    void attributes(Map<String, Object> state) {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(state));
    }

    /** @return the attributes in pickle order; empty before BUILD */
    Map<String, Object> attributes() {
        return attributes == null ? Map.of() : attributes;
    }

    @Override
    public String toString() {
        return "TorchScript object " + type;
    }
}
