package dev.faceanon.djl.weights;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A Python tuple read from a pickle: an immutable sequence. Kept apart from lists because
 * REDUCE arguments and persistent ids must be tuples, and lists may still be appended to.
 */
final class PickleTuple {
    static final PickleTuple EMPTY = new PickleTuple(List.of());

    private final List<Object> items;

    private PickleTuple(List<Object> items) {
        this.items = items;
    }

    /**
     * @param items the elements; copied, may contain {@link PickleNone#NONE} but not null
     * @return the tuple
     */
    static PickleTuple of(List<Object> items) {
        return items.isEmpty() ? EMPTY : new PickleTuple(Collections.unmodifiableList(new ArrayList<>(items)));
    }

    int size() {
        return items.size();
    }

    Object get(int i) {
        return items.get(i);
    }

    /** @return an unmodifiable view */
    List<Object> items() {
        return items;
    }

    // No equals/hashCode/toString over the elements: a hostile pickle can nest tuples deeply,
    // and recursive traversal would overflow the stack.
    @Override
    public String toString() {
        return "tuple of " + items.size();
    }
}
