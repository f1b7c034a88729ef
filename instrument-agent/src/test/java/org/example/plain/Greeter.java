package org.example.plain;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/** A coroutine method that a plain subclass ({@link LoggingGreeter}) overrides and calls with {@code super}. */
public class Greeter {
    @Coroutine
    public int greet(int x) {
        return Coroutines.<Integer>yield("greet " + x) + x;
    }
}
