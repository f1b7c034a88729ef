package dev.coflow.loop;

import dev.coflow.Coroutine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A listening TCP socket on the loop's selector; {@link #accept()} suspends the calling task until a
 * connection arrives.
 *
 * <pre>{@code
 * try (TcpListener listener = TcpListener.loopback(0)) {       // 127.0.0.1, any free port
 *     while (true) {
 *         TcpConnection conn = listener.accept();
 *         Async.spawn(() -> echo(conn));
 *     }
 * }
 * }</pre>
 */
public final class TcpListener implements AutoCloseable {
    private final ServerSocketChannel channel;
    private final Registration registration;
    private final EventLoop loop;
    private boolean closed;

    private TcpListener(EventLoop loop, ServerSocketChannel channel) {
        this.loop = loop;
        this.channel = channel;
        this.registration = new Registration(loop, channel, SelectionKey.OP_ACCEPT, 0);
    }

    /** Listens on 127.0.0.1 at {@code port} (0: any free port), with a backlog of 1024. */
    public static TcpListener loopback(int port) {
        return bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
    }

    /** Listens on {@code address}; called from a task of the loop that will accept. */
    public static TcpListener bind(InetSocketAddress address, int backlog) {
        Task<?> me = Task.current("TcpListener.bind");
        ServerSocketChannel channel = null;
        try {
            channel = ServerSocketChannel.open();
            channel.configureBlocking(false);
            channel.bind(address, backlog);
            return new TcpListener(me.loop, channel);
        } catch (IOException e) {
            TcpConnection.closeQuietly(channel);
            throw new UncheckedIOException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
    }

    /** Waits for the next connection and returns it. */
    @Coroutine
    public TcpConnection accept() {
        Task<?> me = Task.current("TcpListener.accept");
        me.checkpoint();
        while (true) {
            SocketChannel accepted;
            try {
                accepted = channel.accept();
                if (accepted != null) {
                    return new TcpConnection(loop, accepted);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("accept on " + localAddress() + " failed: " + e.getMessage(), e);
            }
            registration.await(me, true, "TcpListener.accept");
        }
    }

    /** The address listened on (with the port chosen when 0 was asked for). */
    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops listening; a task waiting in {@link #accept()} is woken with an {@link UncheckedIOException}. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        registration.closing();
        TcpConnection.closeQuietly(channel);
    }
}
