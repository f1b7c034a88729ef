package dev.coflow.agent.refusals;

import dev.coflow.Coroutines;

/** Catalogue 22: a record's compact constructor that yields: refused like any constructor. */
public record YieldInRecordCompactConstructor(int x) {
    public YieldInRecordCompactConstructor {
        Coroutines.yield(x); // refused: <init>
    }
}
