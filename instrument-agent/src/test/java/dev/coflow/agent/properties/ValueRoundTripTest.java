package dev.coflow.agent.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import dev.coflow.StopIteration;
import dev.coflow.agent.harness.CaseClassLoader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Values of every kind go through rewritten fixtures unchanged: out through {@code Coroutines.yield},
 * in through {@code send}, and across yields in locals of their own primitive types. Doubles and
 * floats are compared by their raw bits, so NaN payloads and {@code -0.0} count.
 */
@AddLifecycleHook(LongRunTries.class)
class ValueRoundTripTest {
    private static final String FIXTURES = "dev.coflow.agent.properties.fixtures.";
    private static final CaseClassLoader LOADER = new CaseClassLoader(FIXTURES);

    @Property(tries = 1000)
    void yield_returnsEveryValueInOrder(@ForAll("values") List<Object> values) throws Exception {
        Method body = fixture("YieldEach").getMethod("body", List.class);
        Run run = drive(dev.coflow.agent.harness.Roots.coroutine(body, values), List.of());
        assertSameValues(values, run.yields());
        assertEquals(values.size(), run.result());
    }

    @Property(tries = 1000)
    void yield_keepsPrimitiveLocalsAcrossTheYield(@ForAll("values") List<Object> values) throws Exception {
        Method body = fixture("YieldEachThroughTypedLocal").getMethod("body", List.class);
        Run run = drive(dev.coflow.agent.harness.Roots.coroutine(body, values), List.of());
        List<Object> twice = new ArrayList<>();
        for (Object v : values) {
            twice.add(v);
            twice.add(v);
        }
        assertSameValues(twice, run.yields());
        assertEquals(values.size(), run.result());
    }

    @Property(tries = 1000)
    void send_echoesEveryValueThroughATypedLocal(@ForAll("values") List<Object> values) throws Exception {
        Method body = fixture("EchoThroughTypedLocals").getMethod("body");
        try (CoroutineHandle<Object, Object> echo = dev.coflow.agent.harness.Roots.coroutine(body)) {
            assertEquals("ready", echo.next());
            for (Object v : values) {
                assertEquals("held", echo.send(v), () -> "after sending " + describe(v));
                Object back = echo.send(null);
                assertTrue(sameValue(v, back), () -> "sent " + describe(v) + ", got back " + describe(back));
            }
        }
    }

    @Property(tries = 1000)
    void send_keepsTheLastValueOfEachKindLive(@ForAll("values") List<Object> values) throws Exception {
        Method body = fixture("LastOfEachKind").getMethod("body");
        Object[] model = {0, 0L, 0.0, 0.0f, (char) 0, false, (byte) 0, (short) 0, null};
        List<Class<?>> kinds = List.of(Integer.class, Long.class, Double.class, Float.class, Character.class,
                Boolean.class, Byte.class, Short.class);
        try (CoroutineHandle<Object, Object> last = dev.coflow.agent.harness.Roots.coroutine(body)) {
            assertSameValues(Arrays.asList(model), Arrays.asList((Object[]) last.next()));
            for (Object v : values) {
                int kind = v == null ? -1 : kinds.indexOf(v.getClass());
                model[kind < 0 ? 8 : kind] = v;
                assertSameValues(Arrays.asList(model), Arrays.asList((Object[]) last.send(v)));
            }
        }
    }

    // ---------------------------------------------------------------- values

    @Provide
    Arbitrary<List<Object>> values() {
        return value().list().ofMaxSize(40);
    }

    private static Arbitrary<Object> value() {
        List<Arbitrary<?>> kinds = List.of(
                Arbitraries.integers(),
                Arbitraries.longs(),
                doubles(),
                floats(),
                Arbitraries.chars(),
                Arbitraries.of(true, false),
                Arbitraries.bytes(),
                Arbitraries.shorts(),
                Arbitraries.strings().ofMaxLength(12));
        return Arbitraries.oneOf(kinds.stream().map(a -> a.map(v -> (Object) v)).toList()).injectNull(0.05);
    }

    /** Ordinary doubles, special ones, any bit pattern, and NaNs with random payloads and signs. */
    private static Arbitrary<Double> doubles() {
        return Arbitraries.oneOf(
                Arbitraries.doubles(),
                Arbitraries.of(Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                        Double.MIN_VALUE, Double.MAX_VALUE),
                Arbitraries.longs().map(Double::longBitsToDouble),
                Arbitraries.longs().map(bits -> Double.longBitsToDouble(
                        (bits & 0x800F_FFFF_FFFF_FFFFL) | 0x7FF0_0000_0000_0000L | (bits == 0 ? 1 : 0))));
    }

    /** As {@link #doubles()}, for floats. */
    private static Arbitrary<Float> floats() {
        return Arbitraries.oneOf(
                Arbitraries.floats(),
                Arbitraries.of(Float.NaN, -0.0f, 0.0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                        Float.MIN_VALUE, Float.MAX_VALUE),
                Arbitraries.integers().map(Float::intBitsToFloat),
                Arbitraries.integers().map(bits -> Float.intBitsToFloat(
                        (bits & 0x807F_FFFF) | 0x7F80_0000 | ((bits & 0x007F_FFFF) == 0 ? 1 : 0))));
    }

    // ---------------------------------------------------------------- driving and comparing

    private record Run(List<Object> yields, Object result) {
    }

    private static Class<?> fixture(String simpleName) throws ClassNotFoundException {
        Class<?> c = LOADER.loadClass(FIXTURES + simpleName);
        assertTrue(LOADER.diagnostics().isEmpty(), () -> "fixture refused: " + LOADER.diagnostics());
        assertTrue(LOADER.rewrittenClasses().contains(c.getName()), () -> simpleName + " was not rewritten");
        return c;
    }

    private static Run drive(CoroutineHandle<Object, Object> handle, List<Object> sends) {
        List<Object> yields = new ArrayList<>();
        try {
            yields.add(handle.next());
            for (int i = 0; ; i++) {
                yields.add(handle.send(i < sends.size() ? sends.get(i) : null));
            }
        } catch (StopIteration stop) {
            return new Run(yields, stop.value());
        }
    }

    private static Object invoke(Method method, Object... arguments) {
        try {
            return method.invoke(null, arguments);
        } catch (InvocationTargetException e) {
            throw sneaky(e.getCause());
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertSameValues(List<Object> expected, List<Object> actual) {
        boolean same = expected.size() == actual.size();
        for (int i = 0; same && i < expected.size(); i++) {
            same = sameValue(expected.get(i), actual.get(i));
        }
        if (!same) {
            throw new AssertionError("expected " + describeAll(expected) + "\n but was " + describeAll(actual));
        }
    }

    /** Equal values of the same class; doubles and floats by raw bits. */
    static boolean sameValue(Object expected, Object actual) {
        if (expected instanceof Double e && actual instanceof Double a) {
            return Double.doubleToRawLongBits(e) == Double.doubleToRawLongBits(a);
        }
        if (expected instanceof Float e && actual instanceof Float a) {
            return Float.floatToRawIntBits(e) == Float.floatToRawIntBits(a);
        }
        return Objects.equals(expected, actual) && (expected == null || expected.getClass() == actual.getClass());
    }

    private static String describeAll(List<Object> values) {
        return values.stream().map(ValueRoundTripTest::describe).toList().toString();
    }

    static String describe(Object v) {
        if (v instanceof Double d) {
            return "double:0x" + Long.toHexString(Double.doubleToRawLongBits(d)) + "(" + d + ")";
        }
        if (v instanceof Float f) {
            return "float:0x" + Integer.toHexString(Float.floatToRawIntBits(f)) + "(" + f + ")";
        }
        return v == null ? "null" : v.getClass().getSimpleName() + ":" + (v instanceof Character c ? (int) c : v);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
