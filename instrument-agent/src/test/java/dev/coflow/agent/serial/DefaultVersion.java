package dev.coflow.agent.serial;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.io.Serializable;

/** Serializable with no serialVersionUID: its default one is computed from its members. */
public class DefaultVersion implements Serializable {
    int count;

    @Coroutine
    public String next(String s) {
        count++;
        return Coroutines.yield(s + count);
    }

    @Coroutine
    protected long twice(long x) {
        return Coroutines.<Long>yield(x) * 2;
    }
}
