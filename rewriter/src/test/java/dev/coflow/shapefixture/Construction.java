package dev.coflow.shapefixture;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/** Shape fixture: an object under construction whose constructor argument is a yield. */
public class Construction {
    public record Box(Object value) {
    }

    @Coroutine
    static Box make() {
        return new Box(Coroutines.yield("argument"));
    }
}
