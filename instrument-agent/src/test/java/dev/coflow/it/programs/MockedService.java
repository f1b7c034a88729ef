package dev.coflow.it.programs;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import dev.coflow.NotRewrittenException;
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
 * again when Mockito retransforms the class, so the stubs answer, as in plain Java. A real method Mockito runs (a spy's
 * unstubbed method, a {@code CALLS_REAL_METHODS} static mock's, an answer's {@code callRealMethod}) runs under Mockito's
 * frames, which cannot be suspended: a yield there fails at the yield, naming Mockito, where plain Java would go on (the
 * lines "spy", "spy final", "static" and "answer"); each such line but the answer's is run again with the method that
 * yielded stubbed too. Prints one line per run: what the coroutine yielded, or what it yielded before it was refused and
 * the message.
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

    /** Prints what {@code generator} yielded, or the message of what it failed with and what it yielded before. */
    static void print(String label, Iterable<Object> generator) {
        List<Object> yielded = new ArrayList<>();
        try {
            for (Object value : generator) {
                yielded.add(value);
            }
        } catch (NotRewrittenException e) {
            System.out.println(label + ": refused after " + yielded + ": " + e.getMessage());
            return;
        }
        System.out.println(label + ": " + yielded);
    }

    /** Runs {@link #use} (or, when {@code twice}, {@link #useTwice}) in a generator and prints what it yielded. */
    static void run(String label, Service service, boolean twice) {
        print(label, Coroutines.generate(() -> {
            Coroutines.yield(twice ? useTwice(service) : use(service));
        }));
    }

    public static void main(String[] args) {
        Service real = new Service();
        run("real", real, false);
        Service mock = Mockito.mock(Service.class);
        Mockito.when(mock.fetch("a")).thenReturn("stubbed a");
        Mockito.when(mock.fetchLater("b")).thenReturn("stubbed b");
        run("mock", mock, false);
        run("real again", real, false);
        // a spy runs the real fetchTwice (Mockito calls it), whose calls on this reach the spy's stubbed fetchLater, as in
        // plain Java; its call of the unstubbed fetchLater("c'") runs the real method under Mockito's frames again, and a
        // suspension there fails at the yield
        Service spy = Mockito.spy(new Service());
        Mockito.doReturn("stubbed c").when(spy).fetchLater("c");
        run("spy", spy, true);
        Mockito.doReturn("stubbed c'").when(spy).fetchLater("c'");
        run("spy stubbed", spy, true);
        run("real twice", real, true);
        Mockito.doReturn("stubbed d").when(spy).fetchLaterFinal("d");
        print("spy final", Coroutines.generate(() -> {
            Coroutines.yield(useTwiceFinal(spy));
        }));
        Mockito.doReturn("stubbed d'").when(spy).fetchLaterFinal("d'");
        print("spy final stubbed", Coroutines.generate(() -> {
            Coroutines.yield(useTwiceFinal(spy));
        }));
        try (var statics = Mockito.mockStatic(Service.class, Mockito.CALLS_REAL_METHODS)) {
            statics.when(() -> Service.lookUp("e")).thenReturn("stubbed e");
            print("static", Coroutines.generate(() -> {
                Coroutines.yield(Service.lookUpTwice("e"));
            }));
            statics.when(() -> Service.lookUp("e'")).thenReturn("stubbed e'");
            print("static stubbed", Coroutines.generate(() -> {
                Coroutines.yield(Service.lookUpTwice("e"));
            }));
        }
        print("static again", Coroutines.generate(() -> {
            Coroutines.yield(Service.lookUpTwice("e"));
        }));
        // an answer that calls the real method and changes its value: plain Java gives "real y!", then yields
        // "waiting for x" and gives "real x!"; a suspension under Mockito's frames fails at the yield instead
        Service answering = Mockito.spy(new Service());
        Mockito.doAnswer(invocation -> invocation.callRealMethod() + "!").when(answering).fetch("y");
        Mockito.doAnswer(invocation -> invocation.callRealMethod() + "!").when(answering).fetchLater("x");
        print("answer", Coroutines.generate(() -> {
            Coroutines.yield(answering.fetch("y"));
            Coroutines.yield(answering.fetchLater("x"));
        }));
    }
}
