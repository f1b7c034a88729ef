package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Catalogue 52: {@code invokedynamic} lambda capture with values already on the stack: a call
 * {@code combine(prefix, count, () -> ..., Coroutines.yield(...))} evaluates a capturing lambda (its
 * captured {@code long} and reference pushed, then the indy) before the yield, so the lambda object
 * sits on the stack across the suspension, and a capture happens right after a resume from values
 * restored into locals. The indy instructions are left as they are.
 */
public final class LambdaCaptureWithValuesOnStack {
    public static final List<Object> EXPECTED = List.of("capture", "p:3:[p9]:sent", "again", "q12");
    /** The value sent in answer to each yield above, in order. */
    public static final List<Object> SENDS = List.of("sent", "-", "q");

    static String combine(String prefix, int count, Supplier<String> supplier, String sent) {
        return prefix + ":" + count + ":[" + supplier.get() + "]:" + sent;
    }

    @Coroutine
    public static void body() {
        String prefix = "p";
        long big = 9L;
        int count = 3;
        Coroutines.yield(combine(prefix, count, () -> prefix + big, Coroutines.yield("capture")));
        String restored = Coroutines.yield("again");
        IntSupplier afterResume = () -> (int) big + count;
        Coroutines.yield(restored + afterResume.getAsInt());
    }
}
