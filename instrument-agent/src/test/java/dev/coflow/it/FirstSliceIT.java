package dev.coflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.coflow.Coroutine;
import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import dev.coflow.StopIteration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The thin slice, through the real shaded agent: one yield, a generator, a deep chain. */
class FirstSliceIT {

    @Coroutine
    static void countdown(int n) {
        while (n > 0) {
            Coroutines.yield(n--);
        }
    }

    @Coroutine
    static long deep(int depth, long acc) {
        if (depth == 0) {
            Integer sent = Coroutines.yield(acc);
            return acc + sent;
        }
        return deep(depth - 1, acc + depth) + 1;
    }

    @Test
    void generate_countdownYieldsEachValue() {
        List<Integer> out = new ArrayList<>();
        for (int i : Coroutines.<Integer>generate(() -> countdown(3))) {
            out.add(i);
        }
        assertEquals(List.of(3, 2, 1), out);
    }

    @Test
    void send_deepChainResumesWhereItStopped() {
        CoroutineHandle<Integer, Long> c = Coroutines.create(() -> deep(10, 0));
        assertEquals(55L, c.next());
        StopIteration stop = assertThrows(StopIteration.class, () -> c.send(100));
        assertEquals(165L, (long) stop.value());
    }
}
