package dev.coflow.transparency;

import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import dev.coflow.StopIteration;
import dev.coflow.testkit.RoundTrips;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Runs one test method or workload step at a level: 0 and 1 call it directly; 2 runs it as the body
 * of a coroutine; 3 also resumes at once every forced round trip ({@link RoundTrips}); 4 resumes each
 * round trip on the other of two threads, alternately (the caller's thread and {@link #OTHER}).
 */
public final class CoroutineRunner {
    private CoroutineRunner() {
    }

    /** The level of this JVM: {@code -Dcoflow.transparency.level}. */
    public static final int LEVEL = Integer.getInteger("coflow.transparency.level", 0);

    private static ExecutorService other = newOther();
    /** Level 4's second thread for resumes (the first next() runs on the caller's thread, nothing is held yet). */
    private static ExecutorService home = newOther();

    private static ExecutorService newOther() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "coflow-level4-other");
            t.setDaemon(true);
            return t;
        });
    }

    /** How long a resume on the other thread may take before it counts as a level-4 deadlock. */
    private static final long RESUME_TIMEOUT_SECONDS = Long.getLong("coflow.transparency.resumeTimeout", 20);

    /** Round trips resumed by this JVM so far. */
    private static long roundTrips;

    /** Calls {@code method} on {@code target} at {@link #LEVEL}; what it throws comes out unwrapped. */
    public static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        method.setAccessible(true);
        if (LEVEL <= 1) {
            return direct(method, target, args);
        }
        Object body = body(method, target, args);
        CoroutineHandle<Object, Object> handle = body instanceof Runnable run ? Coroutines.create(run) : Coroutines.create((Supplier<?>) body);
        boolean there = false;
        try {
            Object y = handle.next();
            while (true) {
                if (!RoundTrips.isMarker(y)) {
                    throw new AssertionError("the body yielded " + y + ", not a round trip's marker");
                }
                roundTrips++;
                if (LEVEL >= 4) {
                    there = !there;
                }
                // at level 4 the two threads take turns, each resume bounded in time (either may meet a lock the other holds)
                y = LEVEL >= 4 ? onOther(handle, there) : handle.next();
            }
        } catch (StopIteration stop) {
            return stop.value();
        }
    }

    /**
     * Resumes on the other thread. A lock of {@code java.util.concurrent} taken before the round trip
     * belongs to the first thread, which now waits here: when the other thread blocks on it, the two wait
     * for each other for ever. That is reported as a failure of the test, and a fresh other thread takes
     * over (the blocked one, a daemon, is left behind with its coroutine).
     */
    private static Object onOther(CoroutineHandle<Object, Object> handle, boolean there) throws Throwable {
        Future<Object> f = (there ? other : home).submit(handle::next);
        try {
            return f.get(RESUME_TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            StringBuilder where = new StringBuilder();
            other.shutdownNow();
            other = newOther();
            home.shutdownNow();
            home = newOther();
            throw new IllegalStateException("level-4 deadlock: the coroutine resumed on another thread did not come back within "
                    + RESUME_TIMEOUT_SECONDS + " s (a lock held by the first thread across the round trip?)" + where);
        }
    }

    /**
     * The method as a coroutine body: a {@code Supplier} made by {@code LambdaMetafactory} that calls
     * it directly, as a method reference does (a reflective call is a frame the agent does not
     * rewrite, and coflow refuses a suspension below it). A {@code void} method's body returns null.
     */
    private static Object body(Method method, Object target, Object[] args) throws Throwable {
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(method.getDeclaringClass(), MethodHandles.lookup());
        MethodHandle impl = lookup.unreflect(method);
        Class<?> returned = method.getReturnType();
        boolean isStatic = java.lang.reflect.Modifier.isStatic(method.getModifiers());
        if (returned == void.class) {
            MethodType factory = MethodType.methodType(Runnable.class, impl.type().parameterArray());
            return LambdaMetafactory.metafactory(lookup, "run", factory, MethodType.methodType(void.class), impl,
                    MethodType.methodType(void.class)).getTarget().invokeWithArguments(bound(isStatic, target, args));
        }
        Class<?> boxed = MethodType.methodType(returned).wrap().returnType();
        MethodType factory = MethodType.methodType(Supplier.class, impl.type().parameterArray());
        return LambdaMetafactory.metafactory(lookup, "get", factory, MethodType.methodType(Object.class), impl,
                MethodType.methodType(boxed)).getTarget().invokeWithArguments(bound(isStatic, target, args));
    }

    private static java.util.List<Object> bound(boolean isStatic, Object target, Object[] args) {
        java.util.List<Object> all = new java.util.ArrayList<>();
        if (!isStatic) {
            all.add(target);
        }
        if (args != null) {
            all.addAll(java.util.Arrays.asList(args));
        }
        return all;
    }

    private static Object direct(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Round trips resumed so far in this JVM. */
    public static long roundTrips() {
        return roundTrips;
    }

    @SuppressWarnings("unchecked")
    static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
