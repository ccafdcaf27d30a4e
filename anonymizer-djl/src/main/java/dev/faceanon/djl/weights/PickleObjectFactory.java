package dev.faceanon.djl.weights;

/**
 * What {@link PickleMachine} delegates to for the opcodes that would run code in Python: REDUCE,
 * NEWOBJ, BUILD and BINPERSID. An implementation interprets the few allowed globals itself and
 * rejects everything else with a {@link dev.faceanon.model.WeightFormatException}.
 */
interface PickleObjectFactory {

    /**
     * REDUCE: {@code callable(*args)}.
     *
     * @param callable an allowed global
     * @param args its arguments
     * @return the resulting value, never null
     */
    Object call(PickleGlobal callable, PickleTuple args);

    /**
     * GLOBAL naming something outside the {@link PickleGlobal} list: a class the factory records
     * as inert data (never imported), or null to reject the global.
     *
     * @param module the module the pickle names
     * @param name the attribute it names
     * @return a class tag for {@link #newObject}, or null
     */
    default Object scriptClass(String module, String name) {
        return null;
    }

    /**
     * NEWOBJ: {@code cls.__new__(cls, *args)}, without running any code of the class.
     *
     * @param cls what GLOBAL pushed
     * @param args the arguments
     * @return an inert object, or null to reject the opcode
     */
    default Object newObject(Object cls, PickleTuple args) {
        return null;
    }

    /**
     * BUILD: {@code target.__setstate__(state)}.
     *
     * @param target the object on top of the stack
     * @param state the state popped
     */
    void build(Object target, Object state);

    /**
     * BINPERSID: resolve a persistent id (in checkpoints, a reference to tensor storage).
     *
     * @param pid the id popped
     * @return the referenced value, never null
     */
    Object persistentLoad(Object pid);
}
