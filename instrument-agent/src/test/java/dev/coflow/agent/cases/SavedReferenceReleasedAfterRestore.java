package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.lang.ref.WeakReference;
import java.util.List;

/**
 * Catalogue 16: references saved at a suspension point must not outlive their use: once restored and
 * dead, nothing in the saved frames keeps them reachable, in the root frame and in a caller's frame
 * resumed after its callee finished. {@code SavedReferenceReleaseTest} watches them with weak
 * references between the steps.
 */
public final class SavedReferenceReleasedAfterRestore {
    public static final List<Object> EXPECTED = List.of("saved", "restored:16", "callee", "caller restored:8", "end");
    /** The array the root keeps across its first yield only. */
    public static WeakReference<Object> savedByRoot;
    /** The array the caller keeps across its callee's yield only. */
    public static WeakReference<Object> savedByCaller;

    @Coroutine
    public static void body() {
        byte[] payload = new byte[16];
        savedByRoot = new WeakReference<>(payload);
        Coroutines.yield("saved");
        Coroutines.yield("restored:" + payload.length);
        caller();
        Coroutines.yield("end");
    }

    @Coroutine
    static void caller() {
        byte[] local = new byte[8];
        savedByCaller = new WeakReference<>(local);
        callee();
        Coroutines.yield("caller restored:" + local.length);
    }

    @Coroutine
    static void callee() {
        Coroutines.yield("callee");
    }
}
