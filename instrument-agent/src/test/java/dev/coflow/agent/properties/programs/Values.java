package dev.coflow.agent.properties.programs;

import java.util.Arrays;

/**
 * Helpers generated programs call for their array values: making one from a value, combining two,
 * and reading their length or text without a {@code NullPointerException} (whose helpful message
 * names local slots, which the rewriter shifts).
 */
public final class Values {
    private static final int MAX_LENGTH = 6;

    private Values() {
    }

    public static int[] ints(int v) {
        return new int[] {v, v * 3 + 1};
    }

    public static String[] strings(String v) {
        return new String[] {v, v == null ? "n" : v + "'"};
    }

    /** The array itself, or a fresh one-element array when it is null or empty: element access never fails. */
    public static int[] orEmpty(int[] a) {
        return a == null || a.length == 0 ? new int[1] : a;
    }

    public static String[] orEmpty(String[] a) {
        return a == null || a.length == 0 ? new String[1] : a;
    }

    /** The two arrays one after the other, cut to {@value #MAX_LENGTH} elements so loops cannot grow them without bound. */
    public static int[] combine(int[] a, int[] b) {
        int[] x = a == null ? new int[0] : a;
        int[] y = b == null ? new int[0] : b;
        int[] out = Arrays.copyOf(x, Math.min(MAX_LENGTH, x.length + y.length));
        for (int i = x.length; i < out.length; i++) {
            out[i] = y[i - x.length];
        }
        return out;
    }

    public static String[] combine(String[] a, String[] b) {
        String[] x = a == null ? new String[0] : a;
        String[] y = b == null ? new String[0] : b;
        String[] out = Arrays.copyOf(x, Math.min(MAX_LENGTH, x.length + y.length));
        for (int i = x.length; i < out.length; i++) {
            out[i] = y[i - x.length];
        }
        return out;
    }

    /** The length of an {@code int[]} or {@code Object[]}, or -1 for null. */
    public static int length(Object array) {
        if (array == null) {
            return -1;
        }
        return array instanceof int[] ints ? ints.length : ((Object[]) array).length;
    }

    /** An array's elements, or the value as {@code String.valueOf} gives it. */
    public static String text(Object value) {
        if (value instanceof int[] ints) {
            return Arrays.toString(ints);
        }
        if (value instanceof Object[] objects) {
            return Arrays.toString(objects);
        }
        return String.valueOf(value);
    }
}
