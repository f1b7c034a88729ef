package dev.coflow.it.programs;

import dev.coflow.Coroutine;
import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import dev.coflow.Generator;
import dev.coflow.NotRewrittenException;
import java.util.List;

/**
 * Run with the agent's {@code strict=true}: legal chains (lambda roots, method references, a root made from a method
 * handle by {@code MethodHandleProxies}, a lambda called through an {@code @Coroutine} interface, delegation) run as
 * usual, and a
 * yield inside a {@code List.forEach} callback with a one-element list — which the default checks
 * cannot see — fails at the yield, naming {@code forEach}, before the code after it runs.
 */
public final class StrictChains {
    private StrictChains() {
    }

    /** A step that a lambda implements. */
    public interface Step {
        @Coroutine
        int run(int x);
    }

    @Coroutine
    static int twice(Step step) {
        return step.run(1) + step.run(2);
    }

    @Coroutine
    static void letters() {
        Coroutines.yieldAll(List.of("a", "b"));
    }

    @Coroutine
    public static void reflective() {
        Coroutines.yield("reflective");
    }

    public static void main(String[] args) {
        Generator<Object> legal = Coroutines.generate(() -> {
            int sum = twice(x -> {
                Coroutines.yield("step " + x);
                return x * 10;
            });
            Coroutines.yield("sum " + sum);
            Coroutines.yieldFrom(Coroutines.create(StrictChains::letters));
        });
        for (Object value : legal) {
            System.out.println(value);
        }
        CoroutineHandle<Object, Object> viaReference = Coroutines.create(StrictChains::reflective);
        System.out.println(viaReference.next());
        // a root whose Runnable is a method handle made into the interface (a dynamic proxy whose handler calls the
        // handle): glue, as for the default check; strict mode refused it before 2026-12-07
        Runnable proxied;
        try {
            proxied = java.lang.invoke.MethodHandleProxies.asInterfaceInstance(Runnable.class, java.lang.invoke.MethodHandles.lookup()
                    .findStatic(StrictChains.class, "reflective", java.lang.invoke.MethodType.methodType(void.class)));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        System.out.println("proxied " + Coroutines.create(proxied).next());

        CoroutineHandle<Object, Object> foreign = Coroutines.create(() -> {
            List.of(1).forEach(x -> Coroutines.yield(x));
            System.out.println("after forEach");
        });
        try {
            foreign.next();
            System.out.println("not detected");
        } catch (NotRewrittenException e) {
            System.out.println("detected: " + e.getMessage());
        }
    }
}
