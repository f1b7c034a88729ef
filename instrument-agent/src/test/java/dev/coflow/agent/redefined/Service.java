package dev.coflow.agent.redefined;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.ArrayList;
import java.util.List;

/**
 * Calls of its own coroutine methods that the rewriter makes direct: a static, a private and a final method's body, and
 * on {@code this} the class's own entry of an overridable one. {@code RedefinedClassTest} puts a record into each method
 * (as Mockito or a tracer would put its code there) and checks which calls reach it.
 */
public class Service {
    /** The methods reached, in order: written by the code the test puts at the start of each method. */
    public static final List<String> REACHED = new ArrayList<>();

    public static void reached(String method) {
        REACHED.add(method);
    }

    @Coroutine
    static String lookUp(String key) {
        Coroutines.yield("static " + key);
        return "s" + key;
    }

    @Coroutine
    private String hidden(String key) {
        Coroutines.yield("private " + key);
        return "p" + key;
    }

    @Coroutine
    public final String fixed(String key) {
        Coroutines.yield("final " + key);
        return "f" + key;
    }

    @Coroutine
    public String open(String key) {
        Coroutines.yield("open " + key);
        return "o" + key;
    }

    /** Through a method reference made here: its adapter ({@code coflow$ref$N}) calls the static method's body. */
    @Coroutine
    String viaReference(String key) {
        java.util.function.Function<String, String> f = Service::lookUp;
        return f.apply(key);
    }

    /** Calls each of the four twice (in the fresh body, and again after a resume, in the resume body), then one through a reference. */
    @Coroutine
    public String all(String key) {
        String first = lookUp(key) + hidden(key) + fixed(key) + open(key);
        return first + "|" + lookUp(key) + hidden(key) + fixed(key) + open(key) + "|" + viaReference(key);
    }
}
