package dev.coflow.loop.bench;

import dev.coflow.Coroutine;
import dev.coflow.loop.Async;
import dev.coflow.loop.EventLoop;
import dev.coflow.loop.TcpConnection;
import dev.coflow.loop.TcpListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;

/**
 * One echo server per process, of the kind named by the first argument, on 127.0.0.1 at an ephemeral
 * port: {@code loop} (coflow's event loop, one thread), {@code netty} (one NIO event-loop thread for
 * accepting and serving), {@code virtual} (a virtual thread per connection; JDK 21+), {@code platform}
 * (a platform thread per connection); it talks to the benchmark as every {@link ServerProcess} does.
 * Every server reads into a per-connection buffer of {@value #BUFFER} bytes except Netty, which
 * allocates from its pool only while reading.
 */
public final class EchoServers {
    static final int BUFFER = 1024;

    private EchoServers() {
    }

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        switch (kind) {
            case "loop" -> loop();
            case "netty" -> ServerProcess.netty(any, new NettyEcho());
            case "virtual" -> ServerProcess.threads(any, true, EchoServers::echo);
            case "platform" -> ServerProcess.threads(any, false, EchoServers::echo);
            default -> throw new IllegalArgumentException("unknown server kind " + kind + "; use loop, netty, virtual or platform");
        }
    }

    // ---------------------------------------------------------------- coflow's loop

    static void loop() {
        try (EventLoop loop = EventLoop.builder().build()) {
            loop.run(() -> {
                serve(TcpListener.loopback(0));
                return null;
            });
        }
    }

    @Coroutine
    static void serve(TcpListener listener) {
        ServerProcess.listening(listener.localAddress().getPort());
        ServerProcess.commands();
        while (true) {
            TcpConnection conn = listener.accept();
            Async.spawn(() -> {
                echo(conn);
                return null;
            });
        }
    }

    @Coroutine
    static void echo(TcpConnection conn) {
        ServerProcess.OPEN.incrementAndGet();
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        try (conn) {
            while (conn.read(buffer) >= 0) {
                buffer.flip();
                conn.write(buffer);
                buffer.clear();
            }
        } catch (UncheckedIOException e) {
            // the client reset the connection: it is closed above
        } finally {
            ServerProcess.OPEN.decrementAndGet();
        }
    }

    // ---------------------------------------------------------------- Netty, one event-loop thread

    /** The classic Netty echo handler: write what is read, flush when the read burst ends. */
    @ChannelHandler.Sharable
    static final class NettyEcho extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ServerProcess.OPEN.incrementAndGet();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            ServerProcess.OPEN.decrementAndGet();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    // ---------------------------------------------------------------- a thread per connection

    static void echo(Socket socket) {
        ServerProcess.OPEN.incrementAndGet();
        byte[] buffer = new byte[BUFFER];
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // reset by the client
        } finally {
            ServerProcess.OPEN.decrementAndGet();
        }
    }
}
