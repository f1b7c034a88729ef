package dev.coflow.agent.refusals;

import dev.coflow.Coroutines;

/** Catalogue 22: an instance initializer block that yields; javac puts it into the constructor, which is refused. */
public final class YieldInInstanceInitializer {
    private int count;

    {
        count = 1;
        Coroutines.yield(count); // refused: <init>
    }

    public int count() {
        return count;
    }
}
