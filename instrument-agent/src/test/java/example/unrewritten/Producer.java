package example.unrewritten;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/** A coroutine method that returns an {@code int}: a method reference to it as a Supplier boxes the result. */
public final class Producer {
    private Producer() {
    }

    @Coroutine
    public static int produce() {
        return Coroutines.<Integer>yield("produce") + 1;
    }
}
