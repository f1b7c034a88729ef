package dev.coflow.shapefixture;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/** Shape fixture: coroutine methods of every access and kind, for their virtual entries (or none). */
public abstract class Entries {
    @Coroutine
    public String pub(String s) {
        return Coroutines.yield(s);
    }

    @Coroutine
    protected long prot(long x) {
        return Coroutines.<Long>yield(x) + x;
    }

    @Coroutine
    int pkg(int i) {
        return Coroutines.<Integer>yield(i) + priv(i);
    }

    @Coroutine
    private int priv(int i) {
        return Coroutines.<Integer>yield(i);
    }

    @Coroutine
    public final String fin(String s) {
        return Coroutines.yield(s);
    }

    @Coroutine
    public static String stat(String s) {
        return Coroutines.yield(s);
    }

    @Coroutine
    public abstract void abs(String s, long x);
}
