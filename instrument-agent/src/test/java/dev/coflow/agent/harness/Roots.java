package dev.coflow.agent.harness;

import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.function.Supplier;

/**
 * Coroutines whose body is a fixture's method, called through the class {@code LambdaMetafactory} makes for a method
 * reference with its arguments bound ({@code () -> method(arguments)}, as a method reference made in a class the agent
 * did not rewrite): a frame that only passes the call on and boxes the result, which coflow accepts at a coroutine's
 * start. Tests never start a fixture through {@code Method.invoke} in a lambda of their own, nor through a method handle
 * with bound arguments made into {@code Supplier} ({@code MethodHandleProxies}): the lambda is a frame the agent does
 * not rewrite, and a handle made with combinators may run code of its own after the method returns, so coflow refuses
 * a suspension below either.
 */
public final class Roots {
    private Roots() {
    }

    /** A coroutine (not started) running {@code method} with {@code arguments} (the receiver first, for an instance method). */
    public static CoroutineHandle<Object, Object> coroutine(Method method, Object... arguments) {
        if (method.getReturnType() == void.class) {
            return Coroutines.create((Runnable) reference(method, Runnable.class, "run", MethodType.methodType(void.class), arguments));
        }
        return Coroutines.create(body(method, arguments));
    }

    /** The body as a {@code Supplier}, bound to {@code arguments}, of a method that returns a value. */
    @SuppressWarnings("unchecked")
    public static Supplier<Object> body(Method method, Object... arguments) {
        if (method.getReturnType() == void.class) {
            throw new IllegalArgumentException(method + " returns nothing: start it with coroutine(method, arguments)");
        }
        return (Supplier<Object>) reference(method, Supplier.class, "get", MethodType.methodType(Object.class), arguments);
    }

    /**
     * A lookup on the class with full privilege, which {@code LambdaMetafactory} needs: asked of a helper class defined
     * for it in its own package and loader ({@link #HELPER}), so in its module (a lookup from this class, in another
     * module, would lack {@code MODULE} access).
     */
    private static final ClassValue<MethodHandles.Lookup> FULL_LOOKUP = new ClassValue<>() {
        @Override
        protected MethodHandles.Lookup computeValue(Class<?> owner) {
            try {
                MethodHandles.Lookup partial = MethodHandles.privateLookupIn(owner, MethodHandles.lookup());
                // one helper per class (named after it), so that no loader is asked for a class it may not know
                String helper = owner.getName().replace('$', '_') + "$" + HELPER;
                Class<?> c;
                synchronized (Roots.class) {
                    try {
                        c = partial.defineClass(helperBytes(helper.replace('.', '/')));
                    } catch (LinkageError defined) {
                        c = Class.forName(helper, true, owner.getClassLoader()); // by a racing computation of this value
                    }
                }
                return (MethodHandles.Lookup) c.getMethod("of", Class.class).invoke(null, owner);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError("no full-privilege lookup on " + owner, e);
            }
        }
    };

    /** The end of the name of the helper class {@link #FULL_LOOKUP} defines beside a fixture's class. */
    private static final String HELPER = "CoflowTestRootsLookup";

    /** {@code public final class name { public static Lookup of(Class c) { return privateLookupIn(c, lookup()); } }}. */
    private static byte[] helperBytes(String name) {
        org.objectweb.asm.ClassWriter w = new org.objectweb.asm.ClassWriter(org.objectweb.asm.ClassWriter.COMPUTE_MAXS);
        w.visit(org.objectweb.asm.Opcodes.V17, org.objectweb.asm.Opcodes.ACC_PUBLIC | org.objectweb.asm.Opcodes.ACC_FINAL
                | org.objectweb.asm.Opcodes.ACC_SUPER, name, null, "java/lang/Object", null);
        org.objectweb.asm.MethodVisitor of = w.visitMethod(org.objectweb.asm.Opcodes.ACC_PUBLIC | org.objectweb.asm.Opcodes.ACC_STATIC,
                "of", "(Ljava/lang/Class;)Ljava/lang/invoke/MethodHandles$Lookup;", null, null);
        of.visitCode();
        of.visitVarInsn(org.objectweb.asm.Opcodes.ALOAD, 0);
        of.visitMethodInsn(org.objectweb.asm.Opcodes.INVOKESTATIC, "java/lang/invoke/MethodHandles", "lookup",
                "()Ljava/lang/invoke/MethodHandles$Lookup;", false);
        of.visitMethodInsn(org.objectweb.asm.Opcodes.INVOKESTATIC, "java/lang/invoke/MethodHandles", "privateLookupIn",
                "(Ljava/lang/Class;Ljava/lang/invoke/MethodHandles$Lookup;)Ljava/lang/invoke/MethodHandles$Lookup;", false);
        of.visitInsn(org.objectweb.asm.Opcodes.ARETURN);
        of.visitMaxs(0, 0);
        of.visitEnd();
        w.visitEnd();
        return w.toByteArray();
    }

    /** {@code interfaceType}'s instance calling {@code method} with {@code bound}, made as javac's method reference is. */
    private static Object reference(Method method, Class<?> interfaceType, String name, MethodType erased, Object[] arguments) {
        Object[] bound = arguments == null ? new Object[0] : arguments;
        try {
            method.setAccessible(true);
            Class<?> owner = method.getDeclaringClass();
            MethodHandles.Lookup lookup = FULL_LOOKUP.get(owner);
            MethodHandle target = lookup.unreflect(method);
            MethodType captured = target.type().dropParameterTypes(bound.length, target.type().parameterCount());
            if (captured.parameterCount() != target.type().parameterCount()) {
                throw new IllegalArgumentException(method + " takes " + target.type().parameterCount() + " arguments, "
                        + bound.length + " given");
            }
            Class<?> returned = method.getReturnType() == void.class ? void.class : MethodType.methodType(method.getReturnType()).wrap().returnType();
            CallSite site = LambdaMetafactory.metafactory(lookup, name, captured.changeReturnType(interfaceType), erased, target,
                    MethodType.methodType(returned));
            return site.getTarget().invokeWithArguments(bound);
        } catch (Throwable e) {
            throw new AssertionError("cannot make a coroutine body of " + method + (Modifier.isStatic(method.getModifiers()) ? "" : " (instance)"), e);
        }
    }
}
