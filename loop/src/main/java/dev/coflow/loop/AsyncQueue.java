package dev.coflow.loop;

import dev.coflow.Coroutine;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * A bounded first-in first-out queue between the tasks of one loop (asyncio's {@code Queue}):
 * {@link #put} suspends while the queue is full, {@link #get} while it is empty, and waiting tasks are
 * served in the order they came. An item handed to a task that is cancelled before it runs is still
 * delivered to it (the cancellation is raised at its next operation), so no item is lost.
 *
 * <pre>{@code
 * AsyncQueue<String> lines = new AsyncQueue<>(16);
 * Async.spawn(() -> { while (true) handle(lines.get()); });
 * lines.put("hello");   // suspends only while 16 lines wait
 * }</pre>
 *
 * @param <T> the items
 */
public final class AsyncQueue<T> {
    private final int capacity;
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private final ArrayDeque<GetWait> getters = new ArrayDeque<>();
    private final ArrayDeque<PutWait> putters = new ArrayDeque<>();

    /** A queue holding at most {@code capacity} items (at least 1). */
    public AsyncQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a queue's capacity must be at least 1, not " + capacity);
        }
        this.capacity = capacity;
    }

    /** Adds {@code item} at the end, suspending the calling task while the queue is full. */
    @Coroutine
    public void put(T item) {
        java.util.Objects.requireNonNull(item, "a queue holds no null items");
        Task<?> me = Task.current("AsyncQueue.put");
        me.checkpoint();
        if (offer(item)) {
            return;
        }
        Task.suspend(me, new PutWait(me, item));
    }

    /** Takes the first item, suspending the calling task while the queue is empty. */
    @Coroutine
    @SuppressWarnings("unchecked")
    public T get() {
        Task<?> me = Task.current("AsyncQueue.get");
        me.checkpoint();
        if (!items.isEmpty()) {
            return poll();
        }
        return (T) Task.suspend(me, new GetWait(me));
    }

    /**
     * Adds {@code item} without suspending: handed straight to the first waiting getter, or queued if
     * there is room; {@code false} when the queue is full. Loop thread only (also from callbacks).
     */
    public boolean offer(T item) {
        java.util.Objects.requireNonNull(item, "a queue holds no null items");
        GetWait getter = getters.poll();
        if (getter != null) {
            getter.task.loop.wake(getter.task, item, null);
            return true;
        }
        if (items.size() < capacity) {
            items.add(item);
            return true;
        }
        return false;
    }

    /** Takes the first item without suspending, or {@code null} when the queue is empty. */
    public T poll() {
        T item = items.poll();
        if (item != null) {
            PutWait putter = putters.poll();
            if (putter != null) {
                items.add(putter.item);
                putter.task.loop.wake(putter.task, null, null);
            }
        }
        return item;
    }

    /** The number of items queued (not counting those of suspended putters). */
    public int size() {
        return items.size();
    }

    /** The capacity given at creation. */
    public int capacity() {
        return capacity;
    }

    private final class GetWait extends Wait {
        final Task<?> task;

        GetWait(Task<?> task) {
            this.task = task;
            getters.add(this);
        }

        @Override
        void abort() {
            remove(getters, this);
        }

        @Override
        String describe() {
            return "AsyncQueue.get (queue empty)";
        }
    }

    private final class PutWait extends Wait {
        final Task<?> task;
        final T item;

        PutWait(Task<?> task, T item) {
            this.task = task;
            this.item = item;
            putters.add(this);
        }

        @Override
        void abort() {
            remove(putters, this);
        }

        @Override
        String describe() {
            return "AsyncQueue.put (queue full, " + capacity + " items)";
        }
    }

    private static void remove(ArrayDeque<?> line, Object wait) {
        for (Iterator<?> it = line.iterator(); it.hasNext(); ) {
            if (it.next() == wait) {
                it.remove();
                return;
            }
        }
    }
}
