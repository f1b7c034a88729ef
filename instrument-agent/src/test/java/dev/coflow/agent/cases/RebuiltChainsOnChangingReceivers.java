package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.ArrayList;
import java.util.List;

/**
 * A rebuilt chain whose call sites call instance methods on another object each round. A frame that finished stays
 * in place as a spare and the next call at the same site takes it back, with the receiver of its last use in
 * {@code r0}: each resume must run on the receiver of the call that suspended, so the spill writes the receiver
 * whenever it changed. Two levels: {@link Node#outer} on one of three nodes calls {@link Node#inner} on that node's
 * neighbour, and each reads its own fields after its resume.
 */
public final class RebuiltChainsOnChangingReceivers {
    static final int ROUNDS = 12;

    /** What each round's yield is sent: a string as long as the round number plus one. */
    public static final List<Object> SENDS = sends();

    public static final List<Object> EXPECTED = expected();

    private static List<Object> sends() {
        List<Object> sends = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            sends.add("x".repeat(round + 1));
        }
        return List.copyOf(sends);
    }

    static final class Node {
        final String name;
        final int weight;
        Node neighbour;

        Node(String name, int weight) {
            this.name = name;
            this.weight = weight;
        }

        @Coroutine
        int inner(int round) {
            Object got = Coroutines.yield(name + ":" + round);
            return weight * 100 + ((String) got).length() + name.length();
        }

        @Coroutine
        int outer(int round) {
            int got = neighbour.inner(round);
            return got + weight;
        }
    }

    private static Node[] nodes() {
        Node[] nodes = {new Node("a", 1), new Node("bb", 2), new Node("ccc", 3)};
        for (int i = 0; i < nodes.length; i++) {
            nodes[i].neighbour = nodes[(i + 1) % nodes.length];
        }
        return nodes;
    }

    /** The node a round calls, in an order that repeats a receiver now and then. */
    private static int pick(int round) {
        return (round * 5 + round / 4) % 3;
    }

    @Coroutine
    public static void body() {
        Node[] nodes = nodes();
        long total = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Node n = nodes[pick(round)];
            total = total * 7 + (round % 3 == 2 ? n.inner(round) : n.outer(round));
        }
        Coroutines.yield("total " + total);
    }

    /** What {@link #body} yields, worked out without coroutines. */
    private static List<Object> expected() {
        Node[] nodes = nodes();
        List<Object> values = new ArrayList<>();
        long total = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Node n = nodes[pick(round)];
            Node yielding = round % 3 == 2 ? n : n.neighbour;
            values.add(yielding.name + ":" + round);
            int got = yielding.weight * 100 + ((String) SENDS.get(round)).length() + yielding.name.length();
            total = total * 7 + (round % 3 == 2 ? got : got + n.weight);
        }
        values.add("total " + total);
        return List.copyOf(values);
    }
}
