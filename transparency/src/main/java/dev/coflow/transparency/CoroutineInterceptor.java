package dev.coflow.transparency;

import java.lang.reflect.Method;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Registered in every Jupiter test run of the driver (extension auto-detection): at levels 2-4 each
 * test method (plain, parameterized or repeated, and test factories) runs as the body of a coroutine
 * through {@link CoroutineRunner}, called directly rather than through JUnit's own reflective call, so
 * that it is the coroutine's root and forced round trips can reach it. Lifecycle methods and dynamic
 * tests run as JUnit runs them.
 */
public final class CoroutineInterceptor implements InvocationInterceptor {

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> context,
                                    ExtensionContext extension) throws Throwable {
        run(invocation, context, extension);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> context,
                                            ExtensionContext extension) throws Throwable {
        run(invocation, context, extension);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T interceptTestFactoryMethod(Invocation<T> invocation, ReflectiveInvocationContext<Method> context,
                                            ExtensionContext extension) throws Throwable {
        return (T) run(invocation, context, extension);
    }

    private static Object run(Invocation<?> invocation, ReflectiveInvocationContext<Method> context, ExtensionContext extension)
            throws Throwable {
        if (CoroutineRunner.LEVEL < 2) {
            return invocation.proceed();
        }
        invocation.skip();
        Driver.reseed(extension.getUniqueId());
        return CoroutineRunner.invoke(context.getExecutable(), context.getTarget().orElse(null), context.getArguments().toArray());
    }
}
