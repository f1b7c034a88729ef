package dev.coflow.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.invoke.MethodHandleProxies;
import java.lang.invoke.MethodHandles;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Which hidden classes the diagnostics look through as glue that only passes a call on ({@link Diagnostics#isGlueHidden}):
 * the JDK's (a lambda's, a method reference's, {@code MethodHandleProxies}' on JDK 22 and later) and coflow's resume
 * points (BootstrapTest); not one a program or framework defines with {@code Lookup.defineHiddenClass}, which runs code
 * of its own that no agent is shown, so that a suspension below it is refused and named.
 */
class GlueHiddenClassTest {
    /** Defined again as a hidden class by the test. */
    public static final class Defined implements Supplier<Object> {
        @Override
        public Object get() {
            return "defined";
        }
    }

    @Test
    void theClassesOfLambdasAndMethodReferences_areGlue() {
        Supplier<Object> lambda = () -> "lambda";
        Supplier<Object> reference = GlueHiddenClassTest::value;
        assertTrue(lambda.getClass().isHidden());
        assertTrue(Diagnostics.isGlueHidden(lambda.getClass()), lambda.getClass().getName());
        assertTrue(Diagnostics.isGlueHidden(reference.getClass()), reference.getClass().getName());
    }

    @Test
    void aMethodHandleProxysClass_isGlueWhenItIsHidden() throws Exception {
        Supplier<?> proxy = MethodHandleProxies.asInterfaceInstance(Supplier.class,
                MethodHandles.lookup().findStatic(GlueHiddenClassTest.class, "value", java.lang.invoke.MethodType.methodType(Object.class)));
        // JDK 17: a java.lang.reflect.Proxy (not hidden, told apart by Proxy.isProxyClass); JDK 22 and later: a hidden class
        assertTrue(proxy.getClass().isHidden() == Diagnostics.isGlueHidden(proxy.getClass()), proxy.getClass().getName());
    }

    @Test
    void aHiddenClassAProgramDefines_isNotGlue_norIsAnOrdinaryClass() throws Exception {
        byte[] bytes;
        try (InputStream in = Defined.class.getResourceAsStream("GlueHiddenClassTest$Defined.class")) {
            bytes = in.readAllBytes();
        }
        Class<?> hidden = MethodHandles.lookup().defineHiddenClass(bytes, true).lookupClass();
        assertTrue(hidden.isHidden());
        assertFalse(Diagnostics.isGlueHidden(hidden), hidden.getName());
        assertFalse(Diagnostics.isGlueHidden(Defined.class));
    }

    private static Object value() {
        return "value";
    }
}
