package dev.faceanon.djl.weights;

/** Python's {@code None} as read from a pickle (Java collections of pickle values hold no nulls). */
enum PickleNone {
    NONE;

    @Override
    public String toString() {
        return "None";
    }
}
