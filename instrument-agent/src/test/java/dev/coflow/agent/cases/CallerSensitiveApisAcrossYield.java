package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;

/**
 * Catalogue 52: the JDK's caller-sensitive methods ask for their immediate caller, which in a rewritten method is the
 * method's own code in its own class, before a yield and after a resume: {@code MethodHandles.lookup()} gives a
 * lookup of this class with private access, {@code Class.forName(String)} loads through this class's loader (the case
 * harness's, not the application's). The rewritten bodies stay in the class they came from, so both are as in plain
 * Java. (Stack walking that looks further than the immediate caller does not: {@code CallerClassTest}.)
 */
public final class CallerSensitiveApisAcrossYield {
    public static final List<Object> EXPECTED = List.of(
            "lookup CallerSensitiveApisAcrossYield private true, loader same true",
            "lookup CallerSensitiveApisAcrossYield private true, loader same true");
    public static final Object RESULT = "secret secret";

    private static String secret() {
        return "secret";
    }

    static final class Helper {
    }

    @Coroutine
    static String lookUp() throws Throwable {
        String found = "";
        for (int i = 0; i < 2; i++) {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            Class<?> helper = Class.forName(CallerSensitiveApisAcrossYield.class.getName() + "$Helper");
            Coroutines.yield("lookup " + lookup.lookupClass().getSimpleName()
                    + " private " + ((lookup.lookupModes() & MethodHandles.Lookup.PRIVATE) != 0)
                    + ", loader same " + (helper.getClassLoader() == CallerSensitiveApisAcrossYield.class.getClassLoader()));
            // the lookup made before the yield, used after it: private access to this class still holds
            MethodHandle h = lookup.findStatic(CallerSensitiveApisAcrossYield.class, "secret", MethodType.methodType(String.class));
            found += (found.isEmpty() ? "" : " ") + (String) h.invokeExact();
        }
        return found;
    }

    @Coroutine
    public static Object body() throws Throwable {
        return lookUp();
    }
}
