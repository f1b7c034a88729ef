package dev.coflow.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class TimerHeapTest {
    /** Random deadlines (few distinct values, so ties are common), added and polled in random interleavings. */
    @Property(tries = 200)
    void poll_givesDeadlineOrderThenCreationOrder(@ForAll @Size(max = 300) List<@IntRange(min = -5, max = 20) Integer> operations) {
        TimerHeap heap = new TimerHeap();
        List<Timer> model = new ArrayList<>();
        long base = Long.MAX_VALUE - 10;  // deadlines wrap past Long.MAX_VALUE, as nanoTime values may
        Comparator<Timer> order = Comparator.<Timer>comparingLong(t -> t.deadline - base).thenComparingLong(t -> t.sequence);
        long sequence = 0;
        for (int op : operations) {
            if (op < 0) {
                model.sort(order);
                Timer expected = model.isEmpty() ? null : model.remove(0);
                assertEquals(expected, heap.poll());
            } else {
                Timer t = new Timer(base + op, sequence++, null, null);
                heap.add(t);
                model.add(t);
            }
        }
        model.sort(order);
        for (Timer expected : model) {
            assertEquals(expected, heap.poll());
        }
        assertNull(heap.poll());
    }
}
