package dev.coflow.agent.entryloader;

import dev.coflow.Coroutine;
import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import dev.coflow.StopIteration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code EntryCacheLoaderTest}: a rewritten class whose virtual entry ({@code coflow$call$value}) learns the classes
 * it is called on, some of them defined by a plug-in's loader (a child of this one).
 */
public class Base {
    /** May suspend (a negative argument yields), so it is rewritten and gets an entry. */
    @Coroutine
    public int value(int x) {
        if (x < 0) {
            Coroutines.yield(x);
        }
        return x * 2;
    }

    /** Calls {@link #value} on {@code b} through its entry (a virtual call at a suspension point of a rewritten body). */
    @Coroutine
    public static int drive(Base b) {
        return b.value(1) + b.value(20);
    }

    @Coroutine
    private static void driveAndYield(Base b) {
        Coroutines.yield(drive(b));
    }

    @Coroutine
    private static Object returning(Base b) {
        return b;
    }

    /** A coroutine that returns {@code b} at once (its handle keeps its return value); the value {@code StopIteration} carried. */
    public static Object returnedBy(Base b) {
        CoroutineHandle<Object, Object> h = Coroutines.create(() -> returning(b));
        try {
            h.next();
            throw new AssertionError("did not return");
        } catch (StopIteration stop) {
            return stop.value();
        }
    }

    /** {@link #drive} inside a coroutine: the value it yielded. */
    public static List<Object> driveInside(Base b) {
        List<Object> yielded = new ArrayList<>();
        Coroutines.<Object>generate(() -> driveAndYield(b)).forEach(yielded::add);
        return yielded;
    }
}
