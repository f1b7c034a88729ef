package dev.coflow.benchmarks;

import static dev.coflow.benchmarks.SwitchBenchmark.LINES;
import static dev.coflow.benchmarks.SwitchBenchmark.PATTERN;

import dev.coflow.Coroutine;
import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the annotation costs when nothing suspends: the grep test as a method that could yield (on
 * an empty line, which never comes) but returns at once, with {@code @Coroutine} ({@code annotated*})
 * and without ({@code plain*}), called from a plain method ({@code *Outside}, no coroutine running)
 * and from the body of a running coroutine ({@code *Inside}: each operation is one call; one switch
 * into the coroutine makes {@value #BATCH} calls, so the switch adds the same small share to both).
 * {@code *InterfaceInside}: the same, called through an interface on an object of another class, against a
 * plain interface call: inside a coroutine the call site hands its context to the <i>virtual entry</i> of the
 * receiver's class, which calls the rewritten body without a bridge (docs/design.md, "Virtual entries").
 * {@code *InheritedInside}: the same on an object of a subclass that inherits the method (the site, guarded by the
 * subclass, calls the entry of the class that declares the method).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class NoSuspendBenchmark {
    static final int BATCH = 100;

    /** The method with the annotation: rewritten by the agent. */
    static final class Annotated {
        private Annotated() {
        }

        @Coroutine
        static int matches(String line, String pattern) {
            if (line.isEmpty()) {
                Coroutines.yield("empty line");
            }
            return line.contains(pattern) ? 1 : 0;
        }
    }

    /** The same method without it (the never-taken branch calls a plain method instead of yielding). */
    static final class Plain {
        private Plain() {
        }

        static int matches(String line, String pattern) {
            if (line.isEmpty()) {
                report("empty line");
            }
            return line.contains(pattern) ? 1 : 0;
        }

        static void report(String what) {
            throw new IllegalStateException(what);
        }
    }

    /** The method as an instance method behind an interface whose method is {@code @Coroutine}: outside a coroutine a call of its bridge, inside one a call of its class's entry. */
    interface Matcher {
        @Coroutine
        int matches(String line, String pattern);
    }

    static final class AnnotatedMatcher implements Matcher {
        @Override
        @Coroutine
        public int matches(String line, String pattern) {
            return Annotated.matches(line, pattern);
        }
    }

    /** An implementation that a subclass inherits. */
    static class AnnotatedBaseMatcher implements Matcher {
        @Override
        @Coroutine
        public int matches(String line, String pattern) {
            return Annotated.matches(line, pattern);
        }
    }

    static final class AnnotatedSubMatcher extends AnnotatedBaseMatcher {
    }

    /** The same without coflow: a plain interface. */
    interface PlainMatcher {
        int matches(String line, String pattern);
    }

    static final class PlainMatcherImpl implements PlainMatcher {
        @Override
        public int matches(String line, String pattern) {
            return Plain.matches(line, pattern);
        }
    }

    static class PlainBaseMatcher implements PlainMatcher {
        @Override
        public int matches(String line, String pattern) {
            return Plain.matches(line, pattern);
        }
    }

    static final class PlainSubMatcher extends PlainBaseMatcher {
    }

    /** Coroutine bodies that make {@link #BATCH} calls per value sent in. */
    static final class Bodies {
        int count;
        final Matcher annotatedMatcher = new AnnotatedMatcher();
        final PlainMatcher plainMatcher = new PlainMatcherImpl();
        final Matcher annotatedInheriting = new AnnotatedSubMatcher();
        final PlainMatcher plainInheriting = new PlainSubMatcher();

        /** Interface calls of a coroutine method that the receiver's class inherits. */
        @Coroutine
        void annotatedInherited() {
            while (true) {
                Coroutines.yield(count);
                for (int i = 0; i < BATCH; i++) {
                    count += annotatedInheriting.matches(LINES[i & 3], PATTERN);
                }
            }
        }

        @Coroutine
        void plainInherited() {
            while (true) {
                Coroutines.yield(count);
                for (int i = 0; i < BATCH; i++) {
                    count += plainInheriting.matches(LINES[i & 3], PATTERN);
                }
            }
        }

        /** Interface calls of a coroutine method of another class: each call site hands its context to the receiver's class's entry. */
        @Coroutine
        void annotatedInterface() {
            while (true) {
                Coroutines.yield(count);
                for (int i = 0; i < BATCH; i++) {
                    count += annotatedMatcher.matches(LINES[i & 3], PATTERN);
                }
            }
        }

        @Coroutine
        void plainInterface() {
            while (true) {
                Coroutines.yield(count);
                for (int i = 0; i < BATCH; i++) {
                    count += plainMatcher.matches(LINES[i & 3], PATTERN);
                }
            }
        }

        @Coroutine
        void annotated() {
            while (true) {
                Coroutines.yield(count);
                for (int i = 0; i < BATCH; i++) {
                    count += Annotated.matches(LINES[i & 3], PATTERN);
                }
            }
        }

        @Coroutine
        void plain() {
            while (true) {
                Coroutines.yield(count);
                for (int i = 0; i < BATCH; i++) {
                    count += Plain.matches(LINES[i & 3], PATTERN);
                }
            }
        }
    }

    private int next;
    private CoroutineHandle<Object, Object> annotatedBody;
    private CoroutineHandle<Object, Object> plainBody;
    private CoroutineHandle<Object, Object> annotatedInterfaceBody;
    private CoroutineHandle<Object, Object> plainInterfaceBody;
    private CoroutineHandle<Object, Object> annotatedInheritedBody;
    private CoroutineHandle<Object, Object> plainInheritedBody;

    @Setup
    public void setUp() {
        Bodies bodies = new Bodies();
        annotatedBody = Coroutines.start(() -> bodies.annotated());
        plainBody = Coroutines.start(() -> bodies.plain());
        annotatedInterfaceBody = Coroutines.start(() -> bodies.annotatedInterface());
        plainInterfaceBody = Coroutines.start(() -> bodies.plainInterface());
        annotatedInheritedBody = Coroutines.start(() -> bodies.annotatedInherited());
        plainInheritedBody = Coroutines.start(() -> bodies.plainInherited());
    }

    @Benchmark
    public int plainOutside() {
        return Plain.matches(LINES[next++ & 3], PATTERN);
    }

    @Benchmark
    public int annotatedOutside() {
        return Annotated.matches(LINES[next++ & 3], PATTERN);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object plainInside() {
        return plainBody.next();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object annotatedInside() {
        return annotatedBody.next();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object plainInterfaceInside() {
        return plainInterfaceBody.next();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object annotatedInterfaceInside() {
        return annotatedInterfaceBody.next();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object plainInheritedInside() {
        return plainInheritedBody.next();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object annotatedInheritedInside() {
        return annotatedInheritedBody.next();
    }
}
