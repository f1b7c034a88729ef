package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 2: the receiver of a call sits under the suspension point, {@code obj.m(x, yield())};
 * after resume the same object is used, and an expression computing the receiver runs once.
 */
public final class ReceiverOnStackUnderYield {
    public static final List<Object> EXPECTED = List.of("arg", "<x:X>", 2, "abc", "again", "<y:Y>", 1, true);
    public static final List<Object> SENDS = List.of("X", "ignored", "c", "ignored", "Y");

    private static int receiverCalls;
    private static Joiner made;

    @Coroutine
    public static void body() {
        Joiner j = new Joiner("<");
        String r = j.join("x", Coroutines.yield("arg"));
        Coroutines.yield(r);
        StringBuilder sb = new StringBuilder("a");
        sb.append("b").append(Coroutines.<String>yield(sb.length()));
        Coroutines.yield(sb.toString());
        Coroutines.yield(receiver().join("y", Coroutines.yield("again")));
        Coroutines.yield(receiverCalls);
        Coroutines.yield(made.calls == 1);
    }

    static Joiner receiver() {
        receiverCalls++;
        made = new Joiner("<");
        return made;
    }

    static final class Joiner {
        private final String open;
        int calls;

        Joiner(String open) {
            this.open = open;
        }

        String join(String a, String b) {
            calls++;
            return open + a + ":" + b + ">";
        }
    }
}
