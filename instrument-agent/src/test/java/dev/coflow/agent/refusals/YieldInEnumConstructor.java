package dev.coflow.agent.refusals;

import dev.coflow.Coroutines;

/** Catalogue 22: an enum constant's constructor that yields: refused like any constructor (the static initialiser only calls it). */
public enum YieldInEnumConstructor {
    ONE(1);

    private final int value;

    YieldInEnumConstructor(int value) {
        this.value = value;
        Coroutines.yield(value); // refused: <init>
    }

    public int value() {
        return value;
    }
}
