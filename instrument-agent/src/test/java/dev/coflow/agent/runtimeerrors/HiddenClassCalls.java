package dev.coflow.agent.runtimeerrors;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;

/**
 * Classes a framework defines as hidden classes ({@code Lookup.defineHiddenClass}), which the JVM never shows to a Java
 * agent, so they are not rewritten whatever they hold: a plain one calling a coroutine method and going on with its
 * result, as the body of a coroutine and called from one, and one whose own {@code @Coroutine} method yields. Each
 * must fail at the yield, naming the hidden class; until 2026-12-08 the first, as a coroutine's body, went on with a
 * dummy value (coflow took its frame for a lambda's, which only passes a call on).
 */
public final class HiddenClassCalls {
    private HiddenClassCalls() {
    }

    /** What a {@link Forwarder} went on with, when it did: nothing, if the yield below it was refused. */
    public static volatile String wentOnWith;

    /** What the hidden classes call: a coroutine method that yields once. */
    @Coroutine
    public static int twice(int a) {
        int sent = Coroutines.yield(a);
        return sent * 2;
    }

    /** A coroutine method calling the hidden class's method through an interface. */
    @Coroutine
    public static int throughInterface(IntUnaryOperator op) {
        return op.applyAsInt(3) + 100;
    }

    /** Defined as a hidden class: plain code that calls {@link #twice} and goes on with what it returned. */
    public static final class Forwarder implements IntUnaryOperator, Supplier<Object> {
        @Override
        public int applyAsInt(int v) {
            int r = twice(v) + 1;
            wentOnWith = "applyAsInt " + r;
            return r;
        }

        @Override
        public Object get() {
            int r = twice(5) + 1;
            wentOnWith = "get " + r;
            return r;
        }
    }

    /** Defined as a hidden class: a {@code @Coroutine} method of its own that yields (never rewritten: hidden). */
    public static final class OwnCoroutine implements Supplier<Object> {
        @Coroutine
        @Override
        public Object get() {
            Object sent = Coroutines.yield("from the hidden class");
            return "got " + sent;
        }
    }

    /** A new instance of {@code plain} defined again, from its class file, as a hidden class of this class's package. */
    public static Object hidden(Class<?> plain) {
        String file = plain.getName().substring(plain.getName().lastIndexOf('.') + 1) + ".class";
        try (InputStream in = plain.getResourceAsStream(file)) {
            MethodHandles.Lookup lookup = MethodHandles.lookup().defineHiddenClass(in.readAllBytes(), true);
            return lookup.lookupClass().getDeclaredConstructor().newInstance();
        } catch (IOException | ReflectiveOperationException e) {
            throw new AssertionError("cannot define " + plain + " as a hidden class", e);
        }
    }
}
