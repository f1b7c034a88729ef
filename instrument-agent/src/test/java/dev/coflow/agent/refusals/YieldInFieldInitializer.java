package dev.coflow.agent.refusals;

import dev.coflow.Coroutines;

/** Catalogue 22: a field initializer that yields; javac puts it into the constructor, which is refused. */
public final class YieldInFieldInitializer {
    private final Object first = Coroutines.yield("field"); // refused: <init>

    public Object first() {
        return first;
    }
}
