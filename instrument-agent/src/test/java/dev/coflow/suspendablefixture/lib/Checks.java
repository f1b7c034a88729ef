package dev.coflow.suspendablefixture.lib;

/** Guava's Preconditions in small: a check that throws with a message built by another method of the library. */
public final class Checks {
    private Checks() {
    }

    public static int checkElementIndex(int index, int size) {
        return checkElementIndex(index, size, "index");
    }

    public static int checkElementIndex(int index, int size, String desc) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(badElementIndex(index, size, desc));
        }
        return index;
    }

    private static String badElementIndex(int index, int size, String desc) {
        if (index < 0) {
            return String.format("%s (%s) must not be negative", desc, index);
        } else if (size < 0) {
            throw new IllegalArgumentException("negative size: " + size);
        } else {
            return String.format("%s (%s) must be less than size (%s)", desc, index, size);
        }
    }

    /** What a list's get does with it. */
    public static String get(java.util.List<String> values, int index) {
        checkElementIndex(index, values.size());
        return values.get(index);
    }
}
