package org.example.plain;

import dev.coflow.Coroutine;

/** An interface whose method is a coroutine method. */
public interface Service {
    @Coroutine
    int get(int x);
}
