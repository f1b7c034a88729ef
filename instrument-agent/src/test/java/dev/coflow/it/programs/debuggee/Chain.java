package dev.coflow.it.programs.debuggee;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import dev.coflow.Generator;

/** Top and middle of the chain; {@link Other} holds the bottom. Prints what the generators yield. */
public final class Chain {
    private Chain() {
    }

    /** Started by a generator's lambda; calls {@link #middle} in its own class (directly, no bridge). */
    @Coroutine
    static int top(int a, String label) {
        int before = a * 2; // @bp:top.before
        Coroutines.yield("top " + label + " " + before); // @bp:top.yield
        int afterTop = before + 1; // @bp:top.after
        int quick = Other.maybe(afterTop, false); // @bp:top.quick
        int r = middle(quick); // @bp:top.call
        return r + before; // @bp:top.return
    }

    /** Called by {@link #top} (own class) and by {@link Other#viaOther} (another class, through the bridge). */
    @Coroutine
    static int middle(int m) { // @bp:middle.declaration
        int mm = m + 10; // @bp:middle.before
        int got = Other.bottom(mm, 7L); // @bp:middle.call
        return got + m; // @bp:middle.after
    }

    public static void main(String[] args) {
        Generator<Object> first = Coroutines.generate(() -> top(5, "t"));
        for (Object v : first) {
            System.out.println("yielded " + v); // @bp:main.print
        }
        Generator<Object> second = Coroutines.generate(() -> Other.viaOther(3));
        for (Object v : second) {
            System.out.println("yielded " + v);
        }
        System.out.println("done");
    }
}
