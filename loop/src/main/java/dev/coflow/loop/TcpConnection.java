package dev.coflow.loop;

import dev.coflow.Coroutine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One TCP connection on the loop's selector. {@link #read} suspends the calling task until bytes
 * arrive; {@link #write} writes the whole buffer, suspending while the socket's send buffer is full,
 * so a slow peer slows the writer down instead of making anything grow (back-pressure: nothing is
 * buffered beyond the caller's own buffer and the kernel's). Errors (a reset, a vanished peer) come
 * out as {@link UncheckedIOException}s from the call that meets them.
 *
 * <pre>{@code
 * try (TcpConnection conn = TcpConnection.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
 *     conn.write(ByteBuffer.wrap("ping\n".getBytes(US_ASCII)));
 *     conn.shutdownOutput();                        // half-close: the peer reads the end of the stream
 *     ByteBuffer in = ByteBuffer.allocate(64);
 *     while (conn.read(in) >= 0) { ... }
 * }
 * }</pre>
 *
 * <p>One task may read while another writes; two tasks reading at once are refused.
 */
public final class TcpConnection implements AutoCloseable {
    private final SocketChannel channel;
    private final Registration registration;
    private boolean closed;
    /** The last read did not fill its buffer: the socket had nothing more at that moment. */
    private boolean drained;

    TcpConnection(EventLoop loop, SocketChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        this.registration = new Registration(loop, channel, SelectionKey.OP_READ, SelectionKey.OP_WRITE);
    }

    /** Connects to {@code address}, suspending the calling task until the connection is made or refused. */
    @Coroutine
    public static TcpConnection connect(InetSocketAddress address) {
        Task<?> me = Task.current("TcpConnection.connect");
        me.checkpoint();
        SocketChannel channel = null;
        TcpConnection connection;
        boolean connected = false;
        try {
            channel = SocketChannel.open();
            connection = new TcpConnection(me.loop, channel);
            connected = channel.connect(address);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot connect to " + address + ": " + e.getMessage(), e);
        }
        if (!connected) {
            boolean done = false;
            try {
                connection.registration.writeOp(SelectionKey.OP_CONNECT);
                connection.registration.await(me, false, "TcpConnection.connect");
                connection.finishConnect(address);
                connection.registration.writeOp(SelectionKey.OP_WRITE);
                done = true;
            } finally {
                if (!done) {
                    connection.close();
                }
            }
        }
        return connection;
    }

    private void finishConnect(InetSocketAddress address) {
        try {
            if (!channel.finishConnect()) {
                throw new IllegalStateException("internal: the selector reported a connection to " + address + " that is not finished");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to " + address + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads into {@code buffer}, suspending the calling task until at least one byte has arrived;
     * returns the number of bytes read, or -1 at the end of the stream (the peer shut down its output
     * or closed). Returns 0 only when {@code buffer} has no room.
     */
    @Coroutine
    public int read(ByteBuffer buffer) {
        Task<?> me = Task.current("TcpConnection.read");
        me.checkpoint();
        if (drained && buffer.hasRemaining()) {
            // The last read left room in its buffer, so the socket was empty then: wait for the selector
            // instead of a read that would most likely find nothing (Netty's rule; saves a system call).
            registration.await(me, true, "TcpConnection.read");
        }
        while (true) {
            int n;
            int room = buffer.remaining();
            try {
                n = channel.read(buffer);
            } catch (IOException e) {
                throw new UncheckedIOException("read from " + peer() + " failed: " + e.getMessage(), e);
            }
            if (n != 0 || room == 0) {
                drained = n > 0 && n < room;
                return n;
            }
            registration.await(me, true, "TcpConnection.read");
        }
    }

    /**
     * Reads until {@code buffer} is full; {@code false} if the stream ended first (what arrived is in
     * the buffer).
     */
    @Coroutine
    public boolean readFully(ByteBuffer buffer) {
        while (buffer.hasRemaining()) {
            if (read(buffer) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes every remaining byte of {@code buffer}, suspending the calling task whenever the socket's
     * send buffer is full (back-pressure), until the peer has taken enough.
     */
    @Coroutine
    public void write(ByteBuffer buffer) {
        Task<?> me = Task.current("TcpConnection.write");
        me.checkpoint();
        while (buffer.hasRemaining()) {
            int n;
            try {
                n = channel.write(buffer);
            } catch (IOException e) {
                throw new UncheckedIOException("write to " + peer() + " failed: " + e.getMessage(), e);
            }
            if (n == 0) {
                registration.await(me, false, "TcpConnection.write");
            }
        }
    }

    /** Half-close: no more writes from this side; the peer's reads see the end of the stream, its writes still arrive here. */
    public void shutdownOutput() {
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            throw new UncheckedIOException("shutdownOutput of the connection to " + peer() + " failed: " + e.getMessage(), e);
        }
    }

    /** The peer's address, or "(closed)". */
    public String peer() {
        try {
            return String.valueOf(channel.getRemoteAddress());
        } catch (IOException e) {
            return "(closed)";
        }
    }

    /** This side's address. */
    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Resets the connection: closes it at once with an RST instead of the orderly FIN, discarding
     * unsent data (SO_LINGER 0); the peer's next read or write fails with "connection reset".
     */
    public void abort() {
        if (!closed) {
            try {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException e) {
                // closed meanwhile by the peer's reset: close() below still releases it
            }
        }
        close();
    }

    /**
     * Closes the connection (idempotent). A task of this loop still waiting to read or write on it is
     * woken with an {@link UncheckedIOException}.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        registration.closing();
        closeQuietly(channel);
    }

    /** Whether {@link #close()} or {@link #abort()} was called. */
    public boolean isClosed() {
        return closed;
    }

    static void closeQuietly(java.nio.channels.Channel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing more to release: the descriptor is closed even when close reports an error
            }
        }
    }
}
