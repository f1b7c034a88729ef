package org.example.plain;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/** A static coroutine method with the name and descriptor of {@link Service#get}. */
public final class Counter {
    private Counter() {
    }

    @Coroutine
    public static int get(int x) {
        return Coroutines.<Integer>yield("counter " + x) + x;
    }
}
