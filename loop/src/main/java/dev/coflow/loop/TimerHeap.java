package dev.coflow.loop;

import java.util.Arrays;

/**
 * The loop's timers as a binary min-heap ordered by deadline, then creation order. Deadlines and
 * sequence numbers are kept in primitive arrays beside the timers, so that sifting compares
 * neighbouring longs instead of following a reference to each timer: with a million random deadlines
 * {@code java.util.PriorityQueue} spent most of its time on those cache misses.
 */
final class TimerHeap {
    private long[] deadlines = new long[16];
    private long[] sequences = new long[16];
    private Timer[] timers = new Timer[16];
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    /** The earliest timer, or {@code null}. */
    Timer peek() {
        return size == 0 ? null : timers[0];
    }

    void add(Timer timer) {
        if (size == timers.length) {
            int capacity = size * 2;
            deadlines = Arrays.copyOf(deadlines, capacity);
            sequences = Arrays.copyOf(sequences, capacity);
            timers = Arrays.copyOf(timers, capacity);
        }
        int i = size++;
        long deadline = timer.deadline;
        long sequence = timer.sequence;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(deadline, sequence, deadlines[parent], sequences[parent])) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        put(i, deadline, sequence, timer);
    }

    /** Removes and returns the earliest timer, or {@code null}. */
    Timer poll() {
        if (size == 0) {
            return null;
        }
        Timer first = timers[0];
        int last = --size;
        long deadline = deadlines[last];
        long sequence = sequences[last];
        Timer moved = timers[last];
        timers[last] = null;
        if (last > 0) {
            int i = 0;
            int half = last >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                int right = child + 1;
                if (right < last && before(deadlines[right], sequences[right], deadlines[child], sequences[child])) {
                    child = right;
                }
                if (!before(deadlines[child], sequences[child], deadline, sequence)) {
                    break;
                }
                move(child, i);
                i = child;
            }
            put(i, deadline, sequence, moved);
        }
        return first;
    }

    private void move(int from, int to) {
        deadlines[to] = deadlines[from];
        sequences[to] = sequences[from];
        timers[to] = timers[from];
    }

    private void put(int i, long deadline, long sequence, Timer timer) {
        deadlines[i] = deadline;
        sequences[i] = sequence;
        timers[i] = timer;
    }

    /** Deadline order by difference (nanoTime values may wrap), then creation order. */
    private static boolean before(long deadline, long sequence, long otherDeadline, long otherSequence) {
        long difference = deadline - otherDeadline;
        return difference < 0 || difference == 0 && sequence < otherSequence;
    }
}
