package dev.coflow.agent.foreign;

import static java.lang.invoke.MethodType.methodType;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** One body per kind of foreign frame; every side effect goes into {@link #LOG}. */
public final class ForeignFrames {
    private ForeignFrames() {
    }

    public static final List<String> LOG = new ArrayList<>();

    @Coroutine
    public static int target() {
        LOG.add("target before yield");
        int v = Coroutines.<Integer>yield("target");
        LOG.add("target after yield");
        return v;
    }

    @Coroutine
    public static Object reflection() throws Exception {
        Object r = ForeignFrames.class.getMethod("target").invoke(null);
        LOG.add("after invoke " + r);
        return r;
    }

    static int logged(int v) {
        LOG.add("filter " + v);
        return v;
    }

    static int recovered(RuntimeException e) {
        LOG.add("handler " + e.getClass().getSimpleName());
        return -1;
    }

    @Coroutine
    public static Object handleFilter() throws Throwable {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        MethodHandle t = lookup.findStatic(ForeignFrames.class, "target", methodType(int.class));
        MethodHandle f = MethodHandles.filterReturnValue(t, lookup.findStatic(ForeignFrames.class, "logged", methodType(int.class, int.class)));
        int r = (int) f.invokeExact();
        LOG.add("after handle " + r);
        return r;
    }

    /** A direct method handle, no combinator: {@code invokeExact} of the method itself. */
    @Coroutine
    public static Object handleDirect() throws Throwable {
        MethodHandle t = MethodHandles.lookup().findStatic(ForeignFrames.class, "target", methodType(int.class));
        int r = (int) t.invokeExact();
        LOG.add("after direct handle " + r);
        return r;
    }

    @Coroutine
    public static Object handleCatch() throws Throwable {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        MethodHandle t = lookup.findStatic(ForeignFrames.class, "target", methodType(int.class));
        MethodHandle c = MethodHandles.catchException(t, RuntimeException.class,
                lookup.findStatic(ForeignFrames.class, "recovered", methodType(int.class, RuntimeException.class)));
        int r = (int) c.invokeExact();
        LOG.add("after catch " + r);
        return r;
    }

    @Coroutine
    public static void forEach() {
        List.of(1, 2, 3).forEach(x -> {
            LOG.add("lambda " + x);
            Coroutines.yield(x);
        });
        LOG.add("after forEach");
    }

    @Coroutine
    public static Object stream() {
        List<Integer> out = Stream.of(1, 2).map(x -> target() + x).collect(Collectors.toList());
        LOG.add("after stream " + out);
        return out;
    }

    @Coroutine
    public static Object comparator() {
        List<Integer> list = new ArrayList<>(List.of(3, 1, 2));
        list.sort((a, b) -> {
            LOG.add("compare " + a + " " + b);
            Coroutines.yield("cmp");
            return a - b;
        });
        LOG.add("after sort " + list);
        return list;
    }

    /** A map's computeIfAbsent calls the function that yields: not a loop, so the fix is to compute it here. */
    @Coroutine
    public static Object computeIfAbsent() {
        java.util.Map<String, Object> cache = new java.util.HashMap<>();
        Object v = cache.computeIfAbsent("k", k -> {
            LOG.add("compute " + k);
            return Coroutines.yield("load " + k);
        });
        LOG.add("after computeIfAbsent");
        return v;
    }

    /** The fix the message gives for it: get, and if absent compute (with the yield) and put. */
    @Coroutine
    public static Object computeIfAbsentFixed() {
        java.util.Map<String, Object> cache = new java.util.HashMap<>();
        Object v = cache.get("k");
        if (v == null) {
            v = Coroutines.yield("load k");
            cache.put("k", v);
        }
        return v;
    }

    /** Optional.map calls the function that yields. */
    @Coroutine
    public static Object optionalMap() {
        return java.util.Optional.of("x").map(x -> Coroutines.yield("map " + x)).orElse("none");
    }

    /** Its constructor calls a coroutine method: constructors are refused, so it stays plain. */
    public static final class Built {
        final int value;

        public Built() {
            value = target();
            LOG.add("constructed " + value);
        }
    }

    @Coroutine
    public static Object constructor() {
        Built b = new Built();
        LOG.add("after new " + b.value);
        return b.value;
    }

    @Coroutine
    public static Object constructorReference() {
        java.util.function.Supplier<Built> make = Built::new;
        Built b = make.get();
        LOG.add("after reference " + b.value);
        return b.value;
    }

    /** Refused by the agent (a synchronized coroutine method): left as it was. */
    @Coroutine
    public static synchronized int refused() {
        int v = target();
        LOG.add("refused after call " + v);
        return v;
    }

    @Coroutine
    public static Object callsRefused() {
        int v = refused();
        LOG.add("after refused " + v);
        return v;
    }

    /** Not annotated: a plain method between two coroutine methods. */
    static int helper() {
        int v = target();
        LOG.add("helper after call " + v);
        return v;
    }

    /** Annotated, but with no suspension point of its own (helper is plain): never rewritten. */
    @Coroutine
    public static int noPointOfItsOwn() {
        return helper();
    }

    @Coroutine
    public static Object callsNoPoint() {
        int v = noPointOfItsOwn();
        LOG.add("after noPoint " + v);
        return v;
    }

    /** Neither {@code @Coroutine} nor functional (two abstract methods): its calls are plain calls. */
    public interface Shape {
        int area();

        String name();
    }

    /** Catalogue 39: the implementation is annotated, the interface it is called through is not. */
    public static final class Square implements Shape {
        @Coroutine
        @Override
        public int area() {
            int v = target();
            LOG.add("area after call " + v);
            return v * v;
        }

        @Override
        public String name() {
            return "square";
        }
    }

    @Coroutine
    public static Object throughPlainInterface() {
        Shape s = new Square();
        int a = s.area();
        LOG.add("after area " + a);
        return a;
    }

    /** Not annotated: calls the annotated implementation through the plain interface. */
    static int areaOf(Shape s) {
        int a = s.area();
        LOG.add("areaOf after area " + a);
        return a;
    }

    @Coroutine
    public static Object plainHelperThroughPlainInterface() {
        int a = areaOf(new Square());
        LOG.add("after areaOf " + a);
        return a;
    }

    /** A lambda that calls the annotated implementation through the plain interface: no suspension point of its own. */
    @Coroutine
    public static Object lambdaThroughPlainInterface() {
        Shape s = new Square();
        java.util.function.IntSupplier area = () -> s.area();
        int a = area.getAsInt();
        LOG.add("after lambda " + a);
        return a;
    }

    /** An anonymous class's annotated {@code next}, called by a for-each loop through {@code java.util.Iterator#next}. */
    static Iterable<String> oneYieldingItem() {
        return () -> new java.util.Iterator<String>() {
            private boolean taken;

            @Override
            public boolean hasNext() {
                return !taken;
            }

            @Coroutine
            @Override
            public String next() {
                taken = true;
                LOG.add("next before yield");
                return Coroutines.yield("next");
            }
        };
    }

    @Coroutine
    public static Object forEachOverAnonymousIterator() {
        StringBuilder all = new StringBuilder();
        for (String item : oneYieldingItem()) {
            all.append(item);
        }
        LOG.add("after loop " + all);
        return all.toString();
    }

    @Coroutine
    public static Object squared(Integer x) {
        LOG.add("squared before yield");
        return Coroutines.yield("squared " + x);
    }

    /** Optional.map calls a method reference to a coroutine method (through the adapter the agent makes for it). */
    @Coroutine
    public static Object optionalMapReference() {
        return java.util.Optional.of(3).map(ForeignFrames::squared).orElse("none");
    }

    /** One abstract method, but neither {@code @FunctionalInterface} nor {@code @Coroutine}: its calls are plain calls. */
    public interface Step {
        Object run(int x);
    }

    static Step yieldingStep() {
        return x -> {
            LOG.add("step " + x);
            return Coroutines.yield("step " + x);
        };
    }

    /** Annotated, but its only call that reaches the yield is one of {@link Step#run}: no suspension point. */
    @Coroutine
    public static Object annotatedThroughStep() {
        Object r = yieldingStep().run(1);
        LOG.add("after step " + r);
        return r;
    }

    /** A lambda calling {@link Step#run}. */
    @Coroutine
    public static Object lambdaThroughStep() {
        Step step = yieldingStep();
        java.util.function.Supplier<Object> outer = () -> step.run(2);
        Object r = outer.get();
        LOG.add("after outer " + r);
        return r;
    }

    static Object runStep(Step step) {
        Object r = step.run(3);
        LOG.add("runStep after run " + r);
        return r;
    }

    /** A plain method calling {@link Step#run}. */
    @Coroutine
    public static Object plainHelperThroughStep() {
        Object r = runStep(yieldingStep());
        LOG.add("after runStep " + r);
        return r;
    }

    /** A class of its own behind a functional interface, whose calls are suspension points in rewritten code. */
    public static final class Counted implements java.util.function.Supplier<Integer> {
        @Coroutine
        @Override
        public Integer get() {
            return target();
        }
    }

    /** Not annotated: calls the functional interface. */
    static int viaSupplier(java.util.function.Supplier<Integer> s) {
        int v = s.get();
        LOG.add("viaSupplier after get " + v);
        return v;
    }

    @Coroutine
    public static Object plainHelperThroughSupplier() {
        int v = viaSupplier(new Counted());
        LOG.add("after viaSupplier " + v);
        return v;
    }

    /** Catalogue 21: a static initialiser that only calls a coroutine method (no yield of its own: not refused). */
    public static final class InitCalls {
        static final int VALUE = target();
    }

    @Coroutine
    public static Object staticInitializer() {
        int v = InitCalls.VALUE;
        LOG.add("after clinit " + v);
        return v;
    }

    /** A serializable supplier: its call sites stay as javac made them. */
    public interface SerialSupplier<T> extends java.util.function.Supplier<T>, java.io.Serializable {
    }

    @Coroutine
    public static Object serializableReference() {
        SerialSupplier<Integer> s = ForeignFrames::target;
        int v = s.get();
        LOG.add("after serializable reference " + v);
        return v;
    }
}
