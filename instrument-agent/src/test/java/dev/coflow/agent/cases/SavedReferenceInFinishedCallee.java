package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.lang.ref.WeakReference;
import java.util.List;

/**
 * Catalogue 16, the rest: a callee that saved a reference at its yield, was resumed and returned leaves its frame
 * behind (a spare above its caller, or pooled), and that frame must not keep the reference past the coroutine's next
 * suspension: one not taken back is cleared, one taken back by the next call of the same callee is written over.
 * {@code SavedReferenceReleaseTest} watches the arrays with weak references between the steps.
 */
public final class SavedReferenceInFinishedCallee {
    public static final List<Object> EXPECTED = List.of("held:32", "after", "held:24", "held:24", "after second", "end");
    /** The array the callee keeps across its yield, one per call. */
    public static WeakReference<Object> first;
    public static WeakReference<Object> second;
    public static WeakReference<Object> third;
    /** The array of the call of {@code hold} that ran last, set before its yield. */
    public static WeakReference<Object> lastHeld;

    @Coroutine
    public static void body() {
        first = hold(32);
        Coroutines.yield("after");
        second = hold(24);
        third = hold(24);
        Coroutines.yield("after second");
        Coroutines.yield("end");
    }

    @Coroutine
    static WeakReference<Object> hold(int size) {
        byte[] kept = new byte[size];
        WeakReference<Object> ref = new WeakReference<>(kept);
        lastHeld = ref;
        Coroutines.yield("held:" + size);
        // kept is live across the yield: the frame saves it
        return kept.length == size ? ref : null;
    }
}
