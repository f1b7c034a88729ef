package dev.coflow.benchmarks;

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
 * A library made suspendable, when nothing suspends: the shape of a serializer's code, many small virtual calls. A
 * small tree (an object whose fields hold strings, numbers, a list and a nested object) is written as JSON through
 * an abstract sink: each node's {@code write}, the sink's structure, name, string and number calls, and a call per
 * character to escape it and put it in the buffer (about 150 calls a tree). Two copies of the same code:
 * {@link Plain}, and {@link Suspendable}, whose every method is {@code @Coroutine}, which is what the agent's
 * {@code suspendable=} option makes of a library (every call of another library method armed and checked, every
 * method entered through its bridge). One operation writes one tree: {@code *Outside} from a plain method (no
 * coroutine running, the transparency steady state's case), {@code *Inside} in the body of a running coroutine
 * ({@value #BATCH} trees a switch, so the switch adds the same small share to both).
 *
 * <p>The JIT's inlining budget is what this measures besides the protocol's instructions: it counts the bytes of
 * everything it inlines into one compiled method (the rewritten bodies, the bridges and the runtime's entry points)
 * against one limit ({@code DesiredMethodLimit}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class LibraryBenchmark {
    static final int BATCH = 20;

    /** The library as written. */
    static final class Plain {
        private Plain() {
        }

        abstract static class Sink {
            abstract void beginObject();

            abstract void endObject();

            abstract void beginArray();

            abstract void endArray();

            abstract void name(String name);

            abstract void string(String s);

            abstract void number(long n);
        }

        static class TextSink extends Sink {
            char[] buffer = new char[256];
            int length;
            boolean first = true;

            void raw(char c) {
                if (length == buffer.length) {
                    buffer = java.util.Arrays.copyOf(buffer, length * 2);
                }
                buffer[length++] = c;
            }

            void separate() {
                if (!first) {
                    raw(',');
                }
                first = false;
            }

            void escape(char c) {
                if (c == '"' || c == '\\') {
                    raw('\\');
                }
                raw(c);
            }

            @Override
            void beginObject() {
                separate();
                raw('{');
                first = true;
            }

            @Override
            void endObject() {
                raw('}');
                first = false;
            }

            @Override
            void beginArray() {
                separate();
                raw('[');
                first = true;
            }

            @Override
            void endArray() {
                raw(']');
                first = false;
            }

            @Override
            void name(String name) {
                string(name);
                raw(':');
                first = true;
            }

            @Override
            void string(String s) {
                separate();
                raw('"');
                for (int i = 0; i < s.length(); i++) {
                    escape(s.charAt(i));
                }
                raw('"');
            }

            @Override
            void number(long n) {
                separate();
                if (n < 0) {
                    raw('-');
                    n = -n;
                }
                digits(n);
            }

            void digits(long n) {
                if (n >= 10) {
                    digits(n / 10);
                }
                raw((char) ('0' + n % 10));
            }

            int take() {
                int n = length;
                length = 0;
                first = true;
                return n;
            }
        }

        abstract static class Node {
            abstract void write(Sink sink);
        }

        static final class Str extends Node {
            final String value;

            Str(String value) {
                this.value = value;
            }

            @Override
            void write(Sink sink) {
                sink.string(value);
            }
        }

        static final class Num extends Node {
            final long value;

            Num(long value) {
                this.value = value;
            }

            @Override
            void write(Sink sink) {
                sink.number(value);
            }
        }

        static final class Arr extends Node {
            final Node[] items;

            Arr(Node... items) {
                this.items = items;
            }

            @Override
            void write(Sink sink) {
                sink.beginArray();
                for (Node item : items) {
                    item.write(sink);
                }
                sink.endArray();
            }
        }

        static final class Obj extends Node {
            final String[] names;
            final Node[] values;

            Obj(String[] names, Node... values) {
                this.names = names;
                this.values = values;
            }

            @Override
            void write(Sink sink) {
                sink.beginObject();
                for (int i = 0; i < names.length; i++) {
                    sink.name(names[i]);
                    values[i].write(sink);
                }
                sink.endObject();
            }
        }

        static Node tree() {
            return new Obj(new String[] {"name", "id", "tags", "inner", "note"},
                    new Str("alpha \"beta\""), new Num(-1234567),
                    new Arr(new Str("x"), new Str("yz"), new Num(42)),
                    new Obj(new String[] {"x", "y", "label"}, new Num(3), new Num(40000), new Str("a\\b")),
                    new Str("the end"));
        }
    }

    /** The same library, every method {@code @Coroutine}: what {@code suspendable=} makes of it. */
    static final class Suspendable {
        private Suspendable() {
        }

        abstract static class Sink {
            @Coroutine
            abstract void beginObject();

            @Coroutine
            abstract void endObject();

            @Coroutine
            abstract void beginArray();

            @Coroutine
            abstract void endArray();

            @Coroutine
            abstract void name(String name);

            @Coroutine
            abstract void string(String s);

            @Coroutine
            abstract void number(long n);
        }

        static class TextSink extends Sink {
            char[] buffer = new char[256];
            int length;
            boolean first = true;

            @Coroutine
            void raw(char c) {
                if (length == buffer.length) {
                    buffer = java.util.Arrays.copyOf(buffer, length * 2);
                }
                buffer[length++] = c;
            }

            @Coroutine
            void separate() {
                if (!first) {
                    raw(',');
                }
                first = false;
            }

            @Coroutine
            void escape(char c) {
                if (c == '"' || c == '\\') {
                    raw('\\');
                }
                raw(c);
            }

            @Override
            @Coroutine
            void beginObject() {
                separate();
                raw('{');
                first = true;
            }

            @Override
            @Coroutine
            void endObject() {
                raw('}');
                first = false;
            }

            @Override
            @Coroutine
            void beginArray() {
                separate();
                raw('[');
                first = true;
            }

            @Override
            @Coroutine
            void endArray() {
                raw(']');
                first = false;
            }

            @Override
            @Coroutine
            void name(String name) {
                string(name);
                raw(':');
                first = true;
            }

            @Override
            @Coroutine
            void string(String s) {
                separate();
                raw('"');
                for (int i = 0; i < s.length(); i++) {
                    escape(s.charAt(i));
                }
                raw('"');
            }

            @Override
            @Coroutine
            void number(long n) {
                separate();
                if (n < 0) {
                    raw('-');
                    n = -n;
                }
                digits(n);
            }

            @Coroutine
            void digits(long n) {
                if (n >= 10) {
                    digits(n / 10);
                }
                raw((char) ('0' + n % 10));
            }

            int take() {
                int n = length;
                length = 0;
                first = true;
                return n;
            }
        }

        abstract static class Node {
            @Coroutine
            abstract void write(Sink sink);
        }

        static final class Str extends Node {
            final String value;

            Str(String value) {
                this.value = value;
            }

            @Override
            @Coroutine
            void write(Sink sink) {
                sink.string(value);
            }
        }

        static final class Num extends Node {
            final long value;

            Num(long value) {
                this.value = value;
            }

            @Override
            @Coroutine
            void write(Sink sink) {
                sink.number(value);
            }
        }

        static final class Arr extends Node {
            final Node[] items;

            Arr(Node... items) {
                this.items = items;
            }

            @Override
            @Coroutine
            void write(Sink sink) {
                sink.beginArray();
                for (Node item : items) {
                    item.write(sink);
                }
                sink.endArray();
            }
        }

        static final class Obj extends Node {
            final String[] names;
            final Node[] values;

            Obj(String[] names, Node... values) {
                this.names = names;
                this.values = values;
            }

            @Override
            @Coroutine
            void write(Sink sink) {
                sink.beginObject();
                for (int i = 0; i < names.length; i++) {
                    sink.name(names[i]);
                    values[i].write(sink);
                }
                sink.endObject();
            }
        }

        static Node tree() {
            return new Obj(new String[] {"name", "id", "tags", "inner", "note"},
                    new Str("alpha \"beta\""), new Num(-1234567),
                    new Arr(new Str("x"), new Str("yz"), new Num(42)),
                    new Obj(new String[] {"x", "y", "label"}, new Num(3), new Num(40000), new Str("a\\b")),
                    new Str("the end"));
        }
    }

    private final Plain.Node plainTree = Plain.tree();
    private final Plain.TextSink plainSink = new Plain.TextSink();
    private final Suspendable.Node suspendableTree = Suspendable.tree();
    private final Suspendable.TextSink suspendableSink = new Suspendable.TextSink();
    private CoroutineHandle<Object, Object> plainBody;
    private CoroutineHandle<Object, Object> suspendableBody;

    int writePlain() {
        plainTree.write(plainSink);
        return plainSink.take();
    }

    int writeSuspendable() {
        suspendableTree.write(suspendableSink);
        return suspendableSink.take();
    }

    /** {@link #BATCH} trees a switch, from a coroutine's body. */
    @Coroutine
    void plainLoop() {
        while (true) {
            int total = 0;
            for (int i = 0; i < BATCH; i++) {
                plainTree.write(plainSink);
                total += plainSink.take();
            }
            Coroutines.yield(total);
        }
    }

    @Coroutine
    void suspendableLoop() {
        while (true) {
            int total = 0;
            for (int i = 0; i < BATCH; i++) {
                suspendableTree.write(suspendableSink);
                total += suspendableSink.take();
            }
            Coroutines.yield(total);
        }
    }

    @Setup
    public void setUp() {
        if (writePlain() != writeSuspendable()) {
            throw new AssertionError("the two copies write different text");
        }
        plainBody = Coroutines.start(() -> plainLoop());
        suspendableBody = Coroutines.start(() -> suspendableLoop());
    }

    @Benchmark
    public int plainOutside() {
        return writePlain();
    }

    @Benchmark
    public int suspendableOutside() {
        return writeSuspendable();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object plainInside() {
        return plainBody.next();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object suspendableInside() {
        return suspendableBody.next();
    }
}
