package dev.coflow.loop;

import dev.coflow.Coroutine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;

/**
 * A channel's place on the loop's selector: at most one task waiting to read (or accept) and one
 * waiting to write (or connect). Interest in an operation is added when a task waits for it and
 * dropped only when the selector reports it ready with nobody waiting, so a task that reads in a loop
 * does not change the key's interest on every read.
 */
final class Registration {
    private final EventLoop loop;
    private final SelectableChannel channel;
    private final int readOp;
    private int writeOp;
    private SelectionKey key;
    /** The waiting reader and writer, or {@code null}; each is one of the two waits below, reused for every wait. */
    private IoWait reader;
    private IoWait writer;
    private IoWait readWait;
    private IoWait writeWait;

    Registration(EventLoop loop, SelectableChannel channel, int readOp, int writeOp) {
        this.loop = loop;
        this.channel = channel;
        this.readOp = readOp;
        this.writeOp = writeOp;
    }

    void writeOp(int op) {
        writeOp = op;
    }

    /** Suspends {@code me} until the channel is ready for {@code op} (the read or the write side). */
    @Coroutine
    void await(Task<?> me, boolean read, String what) {
        if (Thread.currentThread() != loop.thread()) {
            loop.requireLoopThread(what);
        }
        me.checkpoint();
        if (read ? reader != null : writer != null) {
            Task<?> other = read ? reader.task : writer.task;
            throw new IllegalStateException(what + ": task " + other.id() + " '" + other.name() + "' already waits to "
                    + (read ? "read from" : "write to") + " this channel; two tasks reading (or writing) one socket at once"
                    + " would interleave its bytes. Fix: let one task read and one task write each connection.");
        }
        int op = read ? readOp : writeOp;
        try {
            if (key == null) {
                key = channel.register(loop.selector(), op, this);
            } else if ((key.interestOps() & op) == 0) {
                key.interestOps(key.interestOps() | op);
            }
        } catch (ClosedChannelException e) {
            throw new UncheckedIOException(what + " on a closed channel", e);
        }
        IoWait wait;
        if (read) {
            wait = readWait != null ? readWait : (readWait = new IoWait(true));
        } else {
            wait = writeWait != null ? writeWait : (writeWait = new IoWait(false));
        }
        wait.task = me;
        wait.what = what;
        if (read) {
            reader = wait;
        } else {
            writer = wait;
        }
        loop.ioWaits++;
        Task.suspend(me, wait);
    }

    /** The selector found the key ready: wakes the waiting tasks, drops interest nobody waits for. */
    void ready(SelectionKey selected) {
        if (!selected.isValid()) {
            return;
        }
        int ops = selected.readyOps();
        int unwanted = 0;
        if ((ops & readOp) != 0) {
            if (reader != null) {
                IoWait w = reader;
                reader = null;
                loop.ioWaits--;
                loop.wake(w.task, null, null);
            } else {
                unwanted |= readOp;
            }
        }
        if ((ops & writeOp) != 0) {
            if (writer != null) {
                IoWait w = writer;
                writer = null;
                loop.ioWaits--;
                loop.wake(w.task, null, null);
            } else {
                unwanted |= writeOp;
            }
        }
        if (unwanted != 0) {
            selected.interestOps(selected.interestOps() & ~unwanted);
        }
    }

    /**
     * The channel is being closed: tasks still waiting on it are woken with an error (another task
     * closed it), and the loop is told to select soon so that the key is deregistered and the file
     * descriptor really released.
     */
    void closing() {
        IOException closed = new ClosedChannelException();
        for (IoWait w : new IoWait[] {reader, writer}) {
            if (w != null) {
                loop.ioWaits--;
                loop.wake(w.task, null, new UncheckedIOException(w.what + ": the channel was closed while this task waited", closed));
            }
        }
        reader = null;
        writer = null;
        if (key != null) {
            key.cancel();
            loop.deregistered = true;
        }
    }

    private final class IoWait extends Wait {
        final boolean read;
        Task<?> task;
        String what;

        IoWait(boolean read) {
            this.read = read;
        }

        @Override
        void abort() {
            if (read ? reader == this : writer == this) {
                if (read) {
                    reader = null;
                } else {
                    writer = null;
                }
                loop.ioWaits--;
            }
        }

        @Override
        String describe() {
            return what + " on " + channel;
        }
    }
}
