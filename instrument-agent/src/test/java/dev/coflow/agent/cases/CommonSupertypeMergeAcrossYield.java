package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.List;

/**
 * Catalogue 9: values whose type at the suspension point is a merge of two branches: {@code Number}
 * from {@code Long}/{@code Double}, {@code Object} from {@code Object[]}/{@code float[]},
 * {@code IOException} from {@code FileNotFoundException}/{@code IOException}, an interface both arms
 * implement, and {@code Object[]} from {@code String[]}/{@code Integer[]}; used after the yield
 * through the merged type.
 */
public final class CommonSupertypeMergeAcrossYield {
    public static final List<Object> EXPECTED = List.of(
            "number", "1|2.5", "array", "float[]", "exception", "IOException:io",
            "shape", "square:4", "circle:3", "elements", "[a]", "stack", "2.5+s");
    public static final List<Object> SENDS = List.of(true, "-", false, "-", false, "-", true, "-", "-", true, "-", "s");

    interface Shape {
        String describe();
    }

    static final class Square implements Shape, Comparable<Square> {
        @Override
        public String describe() {
            return "square:4";
        }

        @Override
        public int compareTo(Square o) {
            return 0;
        }
    }

    static final class Circle implements Shape, Comparable<Circle> {
        @Override
        public String describe() {
            return "circle:3";
        }

        @Override
        public int compareTo(Circle o) {
            return 0;
        }
    }

    @Coroutine
    public static void body() {
        boolean longFirst = Coroutines.yield("number");
        Number n = longFirst ? (Number) Long.valueOf(1) : (Number) Double.valueOf(2.5);
        Number m = !longFirst ? (Number) Long.valueOf(1) : (Number) Double.valueOf(2.5);
        Coroutines.yield(n.intValue() + "|" + m.doubleValue());
        Object array = Coroutines.<Boolean>yield("array") ? new Object[0] : new float[0];
        Coroutines.yield(array instanceof float[] ? "float[]" : "Object[]");
        IOException e = Coroutines.<Boolean>yield("exception") ? new FileNotFoundException("fnf") : new IOException("io");
        Coroutines.yield(e.getClass().getSimpleName() + ":" + e.getMessage());
        Shape shape = Coroutines.<Boolean>yield("shape") ? new Square() : new Circle();
        Coroutines.yield(shape.describe());
        Coroutines.yield(new Circle().describe());
        Object[] elements = Coroutines.<Boolean>yield("elements") ? new String[] {"a"} : new Integer[] {1};
        Coroutines.yield(java.util.Arrays.toString(elements));
        Coroutines.yield(describe(longFirst ? m : n, Coroutines.yield("stack")));
    }

    static String describe(Number number, Object sent) {
        return number + "+" + sent;
    }
}
