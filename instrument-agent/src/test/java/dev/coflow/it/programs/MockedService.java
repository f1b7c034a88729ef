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
 * body makes to the class's own entry while entries are on, and through its call site once they are off. Prints one
 * line per run: what the coroutine yielded.
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

        /** A call on {@code this}: the rewritten body calls the class's own entry, unless entries are off. */
        @Coroutine
        public String fetchTwice(String key) {
            return fetchLater(key) + " and " + fetchLater(key + "'");
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
    }
}
