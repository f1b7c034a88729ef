package dev.coflow.shapefixture;

import dev.coflow.Coroutine;

/** Shape fixture: the methods {@link ArmedReceivers#calls} calls through an interface, whose receivers are copied for the arm. */
public interface ArmedReceiver {
    @Coroutine
    long wide(long x);

    @Coroutine
    long many(int a, long b, String c);
}
