package dev.coflow.it.programs;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.ArrayList;
import java.util.List;
import org.mockito.Mockito;

/**
 * A Mockito mock of a rewritten class inside a coroutine. Mockito's inline mock maker retransforms the class so that
 * the methods of a mock answer from their own code; a call through the method's virtual entry would run the real body
 * instead (design.md, "Virtual entries"). The agent sees the retransformation and turns virtual entries off, so the
 * coroutine gets the stubbed values, as plain Java does. The real object runs before the mock is made (its call sites
 * link to the entries) and after. Then a spy, whose real method calls a stubbed one on {@code this}: a call the rewritten
 * body makes to the class's own entry, and the same with a final method (a call of its body) and with a static method
 * under {@code Mockito.mockStatic} (a call of its body): the agent's watcher makes each of those a call of the method
 * again when Mockito retransforms the class, so the stubs answer, as in plain Java. Prints one line per run: what the
 * coroutine yielded.
 */
public final class MockedService {
    private MockedService() {
    }

    /** A service as a user writes one: its methods are coroutine methods. */
    public static class Service {
        @Coroutine
        public String fetch(String key) {
            return "real " + key;
        }

        @Coroutine
        public String fetchLater(String key) {
            Coroutines.yield("waiting for " + key);
            return "real " + key;
        }

        /** A call on {@code this}: the rewritten body calls the class's own entry, until Mockito changes the class. */
        @Coroutine
        public String fetchTwice(String key) {
            return fetchLater(key) + " and " + fetchLater(key + "'");
        }

        /** A final method: a call on {@code this} goes straight to its body, skipping the method Mockito answers in. */
        @Coroutine
        public final String fetchLaterFinal(String key) {
            Coroutines.yield("waiting for " + key);
            return "real " + key;
        }

        @Coroutine
        public String fetchTwiceFinal(String key) {
            return fetchLaterFinal(key) + " and " + fetchLaterFinal(key + "'");
        }

        /** A static method of the same class: also called straight at its body. */
        @Coroutine
        public static String lookUp(String key) {
            Coroutines.yield("looking up " + key);
            return "real " + key;
        }

        @Coroutine
        public static String lookUpTwice(String key) {
            return lookUp(key) + " and " + lookUp(key + "'");
        }
    }

    @Coroutine
    static String useTwice(Service service) {
        return service.fetchTwice("c");
    }


    @Coroutine
    static String use(Service service) {
        return service.fetch("a") + ", " + service.fetchLater("b");
    }

    @Coroutine
    static String useTwiceFinal(Service service) {
        return service.fetchTwiceFinal("d");
    }

    /** Prints what {@code generator} yielded. */
    static void print(String label, Iterable<Object> generator) {
        List<Object> yielded = new ArrayList<>();
        for (Object value : generator) {
            yielded.add(value);
        }
        System.out.println(label + ": " + yielded);
    }

    /** Runs {@link #use} (or, when {@code twice}, {@link #useTwice}) in a generator and prints what it yielded. */
    static void run(String label, Service service, boolean twice) {
        List<Object> yielded = new ArrayList<>();
        for (Object value : Coroutines.generate(() -> {
            Coroutines.yield(twice ? useTwice(service) : use(service));
        })) {
            yielded.add(value);
        }
        System.out.println(label + ": " + yielded);
    }

    public static void main(String[] args) {
        Service real = new Service();
        run("real", real, false);
        Service mock = Mockito.mock(Service.class);
        Mockito.when(mock.fetch("a")).thenReturn("stubbed a");
        Mockito.when(mock.fetchLater("b")).thenReturn("stubbed b");
        run("mock", mock, false);
        run("real again", real, false);
        // a spy runs the real fetchTwice, whose calls on this reach the spy's stubbed fetchLater, as in plain Java
        Service spy = Mockito.spy(new Service());
        Mockito.doReturn("stubbed c").when(spy).fetchLater("c");
        run("spy", spy, true);
        run("real twice", real, true);
        Mockito.doReturn("stubbed d").when(spy).fetchLaterFinal("d");
        print("spy final", Coroutines.generate(() -> {
            Coroutines.yield(useTwiceFinal(spy));
        }));
        try (var statics = Mockito.mockStatic(Service.class, Mockito.CALLS_REAL_METHODS)) {
            statics.when(() -> Service.lookUp("e")).thenReturn("stubbed e");
            print("static", Coroutines.generate(() -> {
                Coroutines.yield(Service.lookUpTwice("e"));
            }));
        }
        print("static again", Coroutines.generate(() -> {
            Coroutines.yield(Service.lookUpTwice("e"));
        }));
    }
}
