package dev.faceanon.djl.weights;

/**
 * What {@link PickleMachine} delegates to for the three opcodes that would run code in Python:
 * REDUCE, BUILD and BINPERSID. An implementation interprets the few allowed globals itself and
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
