package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.ArrayList;
import java.util.List;

/**
 * Catalogue 56: loops of every kind with a yield inside: enhanced {@code for} over an array (hidden
 * array, length and index locals) and over an {@code Iterable} (hidden iterator), {@code do}/{@code while},
 * {@code while}, nested loops left with a labeled {@code break} and a labeled {@code continue}, and
 * an infinite loop whose only exit is a {@code return}.
 */
public final class LoopsWithLabels {
    public static final List<Object> EXPECTED = List.of(
            "array a", "array b", "iterable x", "iterable y",
            "do 0", "do 1", "while 2",
            "cell 0,0", "cell 0,1", "cell 1,0", "cell 2,0", "break at 2,1",
            "forever 0", "forever 1", "forever 2", "returned 3");

    @Coroutine
    static int forever() {
        int n = 0;
        while (true) {
            if (n == 3) {
                return n;
            }
            Coroutines.yield("forever " + n++);
        }
    }

    @Coroutine
    public static void body() {
        for (String s : new String[] {"a", "b"}) {
            Coroutines.yield("array " + s);
        }
        List<String> items = new ArrayList<>(List.of("x", "y"));
        for (String s : items) {
            Coroutines.yield("iterable " + s);
        }
        int i = 0;
        do {
            Coroutines.yield("do " + i);
            i++;
        } while (i < 2);
        while (i < 3) {
            Coroutines.yield("while " + i++);
        }
        outer:
        for (int row = 0; row < 5; row++) {
            for (int col = 0; col < 5; col++) {
                if (col > 1 || (row == 1 && col == 1)) {
                    continue outer;
                }
                if (row == 2 && col == 1) {
                    Coroutines.yield("break at " + row + "," + col);
                    break outer;
                }
                Coroutines.yield("cell " + row + "," + col);
            }
        }
        Coroutines.yield("returned " + forever());
    }
}
