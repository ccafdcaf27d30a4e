package dev.faceanon.spark;

import java.util.ArrayList;
import java.util.List;

/**
 * Arrays of values in the form Spark's row encoder takes, a Scala sequence, and back: the encoder
 * refuses Java lists, and rows read from data hold Scala sequences.
 */
final class SparkValues {

    private SparkValues() {}

    static <T> scala.collection.immutable.Seq<T> array(List<T> values) {
        return scala.jdk.javaapi.CollectionConverters.asScala(values).toSeq();
    }

    /** @return the box x1, y1, x2, y2 or a point x, y as an array value */
    static scala.collection.immutable.Seq<Double> array(double... values) {
        List<Double> list = new ArrayList<>(values.length);
        for (double v : values) {
            list.add(v);
        }
        return array(list);
    }

    /**
     * @param value an array value of a row: a Scala sequence, or a Java list in rows built by hand
     * @param what what it should be, for the message
     * @return its elements
     * @throws IllegalArgumentException naming {@code what} if the value is no array
     */
    @SuppressWarnings("unchecked")
    static <T> List<T> list(Object value, String what) {
        if (value instanceof List<?> list) {
            return (List<T>) list;
        } else if (value instanceof scala.collection.Seq<?> seq) {
            return (List<T>) scala.jdk.javaapi.CollectionConverters.asJava(seq);
        }
        throw new IllegalArgumentException(what + ": expected an array, got "
                + (value == null ? "null" : value.getClass().getSimpleName()));
    }
}
