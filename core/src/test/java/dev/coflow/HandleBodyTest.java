package dev.coflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Which method of its body a coroutine calls: the one of the overload it was made with ({@code create(Runnable)} runs
 * {@code run}, {@code create(Supplier)} calls {@code get}), even when the body's class implements both. The handle
 * remembers the overload rather than asking the body's class at the start (a failed {@code instanceof} of an
 * interface is a linear search of the class's interfaces on every start on JDK 17: {@code LifecycleBenchmark}).
 */
class HandleBodyTest {
    /** A body of both kinds; records which was called. Does not yield: it runs as plain code and finishes. */
    static final class Both implements Runnable, Supplier<String> {
        final List<String> called = new ArrayList<>();

        @Override
        public void run() {
            called.add("run");
        }

        @Override
        public String get() {
            called.add("get");
            return "got";
        }
    }

    @Test
    void runnableOverload_runs() {
        Both body = new Both();
        CoroutineHandle<Object, Object> c = Coroutines.create((Runnable) body);
        StopIteration stop = assertThrows(StopIteration.class, c::next);
        assertEquals(List.of("run"), body.called);
        assertNull(stop.value());
    }

    @Test
    void supplierOverload_gets_andItsValueIsTheResult() {
        Both body = new Both();
        CoroutineHandle<Object, Object> c = Coroutines.create((Supplier<?>) body);
        StopIteration stop = assertThrows(StopIteration.class, c::next);
        assertEquals(List.of("get"), body.called);
        assertEquals("got", stop.value());
    }

    @Test
    void generatorOverloads_too() {
        Both runs = new Both();
        assertEquals(List.of(), toList(Coroutines.generate((Runnable) runs)));
        assertEquals(List.of("run"), runs.called);
        Both gets = new Both();
        assertEquals(List.of(), toList(Coroutines.generate((Supplier<?>) gets)));
        assertEquals(List.of("get"), gets.called);
    }

    @Test
    void aSupplierBodyThatFailsToStart_staysCreated_andStillGets() {
        Both body = new Both();
        CoroutineHandle<Object, Object> c = Coroutines.create((Supplier<?>) body);
        assertThrows(IllegalArgumentException.class, () -> c.send("too early"), "a value sent before the start is refused");
        assertEquals(CoroutineState.CREATED, c.state());
        assertThrows(StopIteration.class, c::next);
        assertEquals(List.of("get"), body.called);
        assertEquals(CoroutineState.CLOSED, c.state());
    }

    @Test
    void closedBeforeItStarts_runsNothing() {
        Both body = new Both();
        CoroutineHandle<Object, Object> c = Coroutines.create((Supplier<?>) body);
        c.close();
        assertEquals(CoroutineState.CLOSED, c.state());
        assertThrows(StopIteration.class, c::next);
        assertEquals(List.of(), body.called);
    }

    private static List<Object> toList(Iterable<?> values) {
        List<Object> out = new ArrayList<>();
        values.forEach(out::add);
        return out;
    }
}
