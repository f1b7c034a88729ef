package example.unrewritten;

import java.util.function.Supplier;

/** Knows nothing of coflow: makes a method reference to {@link Producer#produce}. */
public final class Maker {
    private Maker() {
    }

    public static Supplier<Integer> producer() {
        return Producer::produce;
    }
}
