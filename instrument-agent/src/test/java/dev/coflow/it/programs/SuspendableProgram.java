package dev.coflow.it.programs;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import dev.coflow.NotRewrittenException;
import dev.coflow.it.programs.suspendablelib.Walker;
import java.util.List;

/** Run by SuspendablePackagesIT with suspendable=dev.coflow.it.programs.suspendablelib.**: yields through the library. */
public final class SuspendableProgram {
    private SuspendableProgram() {
    }

    @Coroutine
    static int through(Walker w) {
        return w.walk(item -> Coroutines.yield(item.toUpperCase()));
    }

    @Coroutine
    static void locked(Walker w) {
        w.walkLocked(item -> Coroutines.yield(item));
    }

    public static void main(String[] args) {
        Walker w = new Walker(List.of("a", "b", "c"));
        var g = Coroutines.<String>generate(() -> through(w));
        StringBuilder out = new StringBuilder();
        for (String s : g) {
            out.append(s);
        }
        System.out.println("through the library: " + out + ", walked " + g.result());
        try {
            for (Object o : Coroutines.generate(() -> locked(w))) {
                System.out.println("locked yielded " + o);
            }
            System.out.println("locked: no error");
        } catch (NotRewrittenException e) {
            System.out.println("locked: NotRewrittenException");
        }
    }
}
