package dev.coflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.Coroutine;
import dev.coflow.CoroutineHandle;
import dev.coflow.CoroutineState;
import dev.coflow.Coroutines;
import dev.coflow.NotRewrittenException;
import dev.coflow.StopIteration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/**
 * Error catalogue entries that need the real agent (this JVM runs it with {@code strict=true}), each
 * with its fix applied: the refusal the agent printed at load is what a run-time error in the refused
 * method repeats (the agent records it as it rewrites), a yield in a plain {@code main} is told to
 * run as a coroutine, and strict mode names the frame that was not rewritten with the fix for it, not
 * "annotate" for a method that already is. The unit-level pairs are in {@code CatalogueFixTest}.
 */
class FaultsCatalogueIT {
    // the refusal texts as the agent prints them (Problem is relocated inside the agent jar; these are its words)
    private static final String SYNCHRONIZED_METHOD = "a synchronized @Coroutine method: its monitor would stay held across"
            + " every suspension. Fix: remove synchronized and guard the state with a lock you release before Coroutines.yield,"
            + " or yield outside the locked region.";
    private static final String YIELD_IN_SYNCHRONIZED_BLOCK = "a suspension point inside a synchronized block: the monitor"
            + " would stay held while the coroutine is suspended. Fix: move Coroutines.yield (or the @Coroutine call) out of the"
            + " synchronized block, or use a lock you release before yielding.";

    // ---------------------------------------------------------------- strict mode

    /** A step of work; implementations are coroutine methods. */
    public interface Step {
        @Coroutine
        int run(int x);
    }

    /** Broken: a synchronized forwarder, which the agent refuses; annotating it again would change nothing. */
    static final class Locked implements Step {
        private final Step inner;

        Locked(Step inner) {
            this.inner = inner;
        }

        @Override
        @Coroutine
        public synchronized int run(int x) {
            return inner.run(x) + 1;
        }
    }

    /** Fixed: no synchronized; the state it guarded is guarded by a lock released before the suspending call. */
    static final class Unlocked implements Step {
        private final Step inner;
        private final ReentrantLock lock = new ReentrantLock();
        int calls;

        Unlocked(Step inner) {
            this.inner = inner;
        }

        @Override
        @Coroutine
        public int run(int x) {
            lock.lock();
            try {
                calls++;
            } finally {
                lock.unlock();
            }
            return inner.run(x) + 1;
        }
    }

    @Coroutine
    static int twice(Step step) {
        return step.run(1) + step.run(2);
    }

    @Test
    void refusedForwarder_failsAtTheYield_namingItWithItsRefusalsFix() throws Exception {
        Step inner = x -> {
            Coroutines.yield("step " + x);
            return x * 10;
        };
        CoroutineHandle<Object, Object> broken = Coroutines.create(() -> twice(new Locked(inner)));
        NotRewrittenException e = assertThrows(NotRewrittenException.class, broken::next);
        String locked = Locked.class.getName() + "#run";
        // the line Locked#run is at, as the exception's own stack trace has it (it was thrown at the yield above it)
        int lockedLine = java.util.Arrays.stream(e.getStackTrace())
                .filter(f -> f.getClassName().equals(Locked.class.getName()) && f.getMethodName().equals("run"))
                .mapToInt(StackTraceElement::getLineNumber).findFirst().orElseThrow();
        // the refused forwarder dropped its caller's key at its entry (Suspension.enterRefused), so the yield below
        // it fails at once, before strict mode's chain check would, naming the forwarder and its refusal's fix
        assertTrue(e.getMessage().startsWith("A suspension in " + FaultsCatalogueIT.class.getName() + "#lambda$"), e::getMessage);
        assertTrue(e.getMessage().contains("cannot be saved: " + locked + " (FaultsCatalogueIT.java:" + lockedLine
                + ") stands between it and the coroutine's other frames"), e::getMessage);
        String fix = SYNCHRONIZED_METHOD.substring(SYNCHRONIZED_METHOD.indexOf(" Fix: ") + " Fix: ".length());
        String why = SYNCHRONIZED_METHOD.substring(0, SYNCHRONIZED_METHOD.indexOf(" Fix: "));
        assertTrue(e.getMessage().contains(" Fix: " + fix + " (the agent refused to rewrite " + locked + " (it calls "), e::getMessage);
        assertTrue(e.getMessage().endsWith("), a coroutine method, when its class loaded: " + why + ")"), e::getMessage);
        assertFalse(e.getMessage().contains("annotate") || e.getMessage().contains("make the method in between @Coroutine"),
                e::getMessage);
        assertEquals(CoroutineState.CLOSED, broken.state());

        Unlocked unlocked = new Unlocked(inner);
        CoroutineHandle<Object, Object> fixed = Coroutines.create(() -> twice(unlocked));
        assertEquals(List.of("step 1", "step 2"), drain(fixed));
        assertEquals(11 + 21, (Integer) fixed.result());
        assertEquals(2, unlocked.calls);
    }

    // ---------------------------------------------------------------- a yield in plain main

    static final List<Object> OUT = new ArrayList<>();

    /** Broken: a program's main that yields. */
    static final class PlainMain {
        public static void main(String[] args) {
            for (String a : args) {
                OUT.add(Coroutines.yield(a));
            }
        }
    }

    /** Fixed: the yielding code is a @Coroutine method that main runs with Coroutines.generate. */
    static final class GeneratingMain {
        @Coroutine
        static void produce(String[] args) {
            for (String a : args) {
                Coroutines.yield(a);
            }
        }

        public static void main(String[] args) {
            for (Object v : Coroutines.generate(() -> produce(args))) {
                OUT.add(v);
            }
        }
    }

    @Test
    void yieldInPlainMain_isToldToRunAsACoroutine_notToAnnotateMain() {
        OUT.clear();
        NotRewrittenException e = assertThrows(NotRewrittenException.class, () -> PlainMain.main(new String[] {"a", "b"}));
        String main = PlainMain.class.getName() + "#main";
        assertTrue(e.getMessage().startsWith("Coroutines.yield(value) was called in " + main + " (FaultsCatalogueIT.java:"),
                e::getMessage);
        assertTrue(e.getMessage().contains(", which no coroutine runs: no coroutine is running on this thread, so there is"
                + " nothing to suspend. Fix: move the code that yields into a @Coroutine method (or a lambda) and run it as a"
                + " coroutine with Coroutines.generate(...)"), e::getMessage);
        assertFalse(e.getMessage().contains("Fix: annotate"), e::getMessage);
        assertEquals(List.of(), OUT);

        GeneratingMain.main(new String[] {"a", "b"});
        assertEquals(List.of("a", "b"), OUT);
    }

    // ---------------------------------------------------------------- a yield in a refused method

    static final Object LOCK = new Object();

    /** Broken: an annotated generator that yields while holding a monitor; the agent refused it at load. */
    @Coroutine
    static int totalsHoldingTheLock() {
        int n = 0;
        for (int x = 1; x <= 2; x++) {
            synchronized (LOCK) {
                n += x;
                Coroutines.yield(n);
            }
        }
        return n;
    }

    /** Fixed: the yield is moved out of the synchronized block. */
    @Coroutine
    static int totalsAfterTheLock() {
        int n = 0;
        for (int x = 1; x <= 2; x++) {
            int v;
            synchronized (LOCK) {
                n += x;
                v = n;
            }
            Coroutines.yield(v);
        }
        return n;
    }

    @Test
    void yieldInRefusedMethod_repeatsTheRefusalAndItsFix_notAnnotate() {
        CoroutineHandle<Object, Object> broken = Coroutines.create(FaultsCatalogueIT::totalsHoldingTheLock);
        NotRewrittenException e = assertThrows(NotRewrittenException.class, broken::next);
        assertTrue(e.getMessage().startsWith("Coroutines.yield(value) was called in " + FaultsCatalogueIT.class.getName()
                + "#totalsHoldingTheLock (FaultsCatalogueIT.java:"), e::getMessage);
        assertTrue(e.getMessage().endsWith(", a coroutine method the coflow agent refused to rewrite when its class loaded: "
                + YIELD_IN_SYNCHRONIZED_BLOCK), e::getMessage);
        assertFalse(e.getMessage().contains("annotate"), e::getMessage);

        CoroutineHandle<Object, Object> fixed = Coroutines.create(FaultsCatalogueIT::totalsAfterTheLock);
        assertEquals(List.of(1, 3), drain(fixed));
        assertEquals(3, (Integer) fixed.result());
    }

    // ---------------------------------------------------------------- a method reference made where the agent never looked

    @Coroutine
    static int twiceWhatItGets(java.util.function.Supplier<Integer> source) {
        return source.get() * 2;
    }

    @Test
    void methodReferenceMadeInAClassTheAgentDidNotRewrite_isToldToMakeItWhereCoflowIsUsed() {
        // Maker's class file never names dev/coflow/: the agent did not see it, so its Producer::produce stays unadapted
        CoroutineHandle<Object, Object> broken = Coroutines.create(() -> twiceWhatItGets(example.unrewritten.Maker.producer()));
        NotRewrittenException e = assertThrows(NotRewrittenException.class, broken::next);
        String maker = example.unrewritten.Maker.class.getName();
        assertTrue(e.getMessage().startsWith("A suspension in example.unrewritten.Producer#produce (Producer.java:"), e::getMessage);
        assertTrue(e.getMessage().contains("cannot be saved: example.unrewritten.Producer#produce was called through a method"
                + " reference or lambda made in " + maker + ", a class the coflow agent did not rewrite"), e::getMessage);
        assertTrue(e.getMessage().endsWith("Fix: create the method reference in a class that uses coflow (for example inside"
                + " the @Coroutine method that calls it), or add " + maker + " to the agent's suspendable= option."), e::getMessage);
        assertEquals(CoroutineState.CLOSED, broken.state());

        // the fix applied: the same method reference, made here (a class that uses coflow)
        CoroutineHandle<Object, Object> fixed = Coroutines.create(() -> twiceWhatItGets(example.unrewritten.Producer::produce));
        assertEquals("produce", fixed.next());
        assertThrows(StopIteration.class, () -> fixed.send(20));
        assertEquals(42, (Integer) fixed.result());
    }

    private static List<Object> drain(CoroutineHandle<Object, Object> h) {
        List<Object> yields = new ArrayList<>();
        try {
            while (true) {
                yields.add(h.next());
            }
        } catch (StopIteration done) {
            return yields;
        }
    }
}
