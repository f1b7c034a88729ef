package dev.coflow.agent.runtimeerrors;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * A lambda passed to {@code List.forEach} makes a virtual call and an interface call of a coroutine method that yields:
 * both calls go through {@code Bootstrap.virtualCall}'s method handles to the receiver's class's virtual entry, and the
 * suspension must fail naming {@code forEach}, the frame that cannot be saved, not the method handles in between.
 */
public final class CallbackThenEntryCall {
    private CallbackThenEntryCall() {
    }

    public static class Counter {
        @Coroutine
        public int next(int x) {
            return Coroutines.<Integer>yield(x);
        }
    }

    public interface Source {
        @Coroutine
        int take(int x);
    }

    public static class Taker implements Source {
        @Override
        @Coroutine
        public int take(int x) {
            return Coroutines.<Integer>yield(x);
        }
    }

    @Coroutine
    public static void virtualCall() {
        Counter counter = new Counter();
        List.of(1).forEach(x -> counter.next(x));
        Coroutines.yield("after");
    }

    @Coroutine
    public static void interfaceCall() {
        Source source = new Taker();
        List.of(1).forEach(x -> source.take(x));
        Coroutines.yield("after");
    }
}
