package dev.coflow.it.programs;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/**
 * Runs a coroutine, then prints where the JVM found the API and the runtime that rewritten code
 * calls, and which loader defined them; AgentProcessIT runs it with and without coflow-core on the
 * class path.
 */
public final class WhereIsCore {
    private WhereIsCore() {
    }

    @Coroutine
    static void twice() {
        Coroutines.yield("one");
        Coroutines.yield("two");
    }

    public static void main(String[] args) throws Exception {
        StringBuilder yielded = new StringBuilder();
        for (Object value : Coroutines.generate(() -> twice())) {
            yielded.append(value).append(' ');
        }
        System.out.println("yielded " + yielded.toString().trim());
        for (String name : new String[] {"dev.coflow.Coroutines", "dev.coflow.runtime.Suspension"}) {
            Class<?> type = Class.forName(name, false, WhereIsCore.class.getClassLoader());
            System.out.println(name + " " + java.nio.file.Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())
                    + (type.getClassLoader() == ClassLoader.getSystemClassLoader() ? " system" : " other"));
        }
    }
}
