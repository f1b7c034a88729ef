package dev.coflow.agent.catalogue;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import dev.coflow.GeneratorExit;
import java.util.ArrayList;
import java.util.List;

/** IllegalStateException "ignored GeneratorExit": a body that yields after catching it; fixed by returning. */
public final class IgnoredGeneratorExit {
    private IgnoredGeneratorExit() {
    }

    public static final List<String> LOG = new ArrayList<>();

    public static final class Broken {
        @Coroutine
        public static Object body() {
            try {
                Coroutines.yield(1);
            } catch (GeneratorExit e) {
                LOG.add("closing");
                Coroutines.yield("one more");
            }
            return "done";
        }
    }

    public static final class Fixed {
        @Coroutine
        public static Object body() {
            try {
                Coroutines.yield(1);
            } catch (GeneratorExit e) {
                LOG.add("closing");
                return "closed";
            }
            return "done";
        }
    }
}
