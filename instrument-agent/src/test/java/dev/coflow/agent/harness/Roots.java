package dev.coflow.agent.harness;

import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleProxies;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.function.Supplier;

/**
 * Coroutines whose body is a fixture's method, called through a method handle made into a
 * {@code Supplier} ({@code MethodHandleProxies}): frames that only forward, which coflow accepts at a
 * coroutine's start. Tests never start a fixture through {@code Method.invoke} in a lambda of their
 * own: that lambda is a frame the agent does not rewrite, and coflow refuses a suspension below it.
 */
public final class Roots {
    private Roots() {
    }

    /** A coroutine (not started) running {@code method} with {@code arguments} (the receiver first, for an instance method). */
    public static CoroutineHandle<Object, Object> coroutine(Method method, Object... arguments) {
        return Coroutines.create(body(method, arguments));
    }

    /** The body as a {@code Supplier}, bound to {@code arguments}. */
    @SuppressWarnings("unchecked")
    public static Supplier<Object> body(Method method, Object... arguments) {
        try {
            method.setAccessible(true);
            MethodHandle target = MethodHandles.lookup().unreflect(method);
            target = MethodHandles.insertArguments(target, 0, arguments == null ? new Object[0] : arguments);
            target = target.asType(MethodType.methodType(method.getReturnType() == void.class ? void.class : Object.class));
            if (method.getReturnType() == void.class) {
                target = MethodHandles.filterReturnValue(target, MethodHandles.constant(Object.class, null));
            }
            return MethodHandleProxies.asInterfaceInstance(Supplier.class, target);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot make a coroutine body of " + method, e);
        }
    }
}
