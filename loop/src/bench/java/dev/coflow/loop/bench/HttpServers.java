package dev.coflow.loop.bench;

import dev.coflow.Coroutine;
import dev.coflow.loop.Async;
import dev.coflow.loop.EventLoop;
import dev.coflow.loop.TcpConnection;
import dev.coflow.loop.TcpListener;
import dev.coflow.loop.http.HelloHttp;
import dev.coflow.loop.http.HelloHttpServer;
import dev.coflow.loop.http.RequestHeads;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;

/**
 * One HTTP/1.1 "hello" server per process, of the kind named by the first argument, on 127.0.0.1 at an
 * ephemeral port: {@code loop} (coflow's event loop, one thread: {@link HelloHttpServer}), {@code netty}
 * (one NIO event-loop thread for accepting and serving), {@code virtual} (a virtual thread per
 * connection; JDK 21+), {@code platform} (a platform thread per connection); it talks to the benchmark as
 * every {@link ServerProcess} does. All four parse and answer with the same code ({@link RequestHeads},
 * {@link HelloHttp}), each connection with a buffer of {@value HelloHttpServer#BUFFER} bytes, so they
 * differ only in how they wait for sockets.
 */
public final class HttpServers {
    private HttpServers() {
    }

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        switch (kind) {
            case "loop" -> loop();
            case "netty" -> ServerProcess.netty(any, new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel channel) {
                    channel.pipeline().addLast(new NettyHello());
                }
            });
            case "virtual" -> ServerProcess.threads(any, true, HttpServers::hello);
            case "platform" -> ServerProcess.threads(any, false, HttpServers::hello);
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

    /** {@link HelloHttpServer#serve}, with the connections counted for the benchmark. */
    @Coroutine
    static void serve(TcpListener listener) {
        ServerProcess.listening(listener.localAddress().getPort());
        ServerProcess.commands();
        while (true) {
            TcpConnection conn = listener.accept();
            Async.spawn(() -> counted(conn));
        }
    }

    @Coroutine
    static Void counted(TcpConnection conn) {
        ServerProcess.OPEN.incrementAndGet();
        try {
            return HelloHttpServer.handle(conn);
        } finally {
            ServerProcess.OPEN.decrementAndGet();
        }
    }

    // ---------------------------------------------------------------- Netty, one event-loop thread

    /**
     * A connection's handler: copies what Netty read into the connection's {@link RequestHeads}, writes
     * an answer per complete head, flushes when the read burst ends (or at once, then closes, for an
     * answer that closes the connection).
     */
    static final class NettyHello extends ChannelInboundHandlerAdapter {
        private final RequestHeads heads = new RequestHeads(HelloHttpServer.BUFFER);
        private boolean closing;

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
            ByteBuf in = (ByteBuf) msg;
            try {
                while (!closing) {
                    byte[] answer = heads.next();
                    if (answer == null) {
                        if (!in.isReadable()) {
                            break;
                        }
                        ByteBuffer buffer = heads.buffer();
                        int n = Math.min(in.readableBytes(), buffer.remaining());
                        in.readBytes(buffer.array(), buffer.position(), n);
                        buffer.position(buffer.position() + n);
                    } else if (HelloHttp.closes(answer)) {
                        closing = true;
                        ctx.writeAndFlush(Unpooled.wrappedBuffer(answer)).addListener(ChannelFutureListener.CLOSE);
                    } else {
                        ctx.write(Unpooled.wrappedBuffer(answer));
                    }
                }
            } finally {
                in.release();
            }
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

    static void hello(Socket socket) {
        ServerProcess.OPEN.incrementAndGet();
        RequestHeads heads = new RequestHeads(HelloHttpServer.BUFFER);
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            while (true) {
                byte[] answer = heads.next();
                if (answer == null) {
                    ByteBuffer buffer = heads.buffer();
                    int n = in.read(buffer.array(), buffer.position(), buffer.remaining());
                    if (n < 0) {
                        return;                                       // the client closed
                    }
                    buffer.position(buffer.position() + n);
                    continue;
                }
                out.write(answer);
                if (HelloHttp.closes(answer)) {
                    return;
                }
            }
        } catch (IOException e) {
            // reset by the client
        } finally {
            ServerProcess.OPEN.decrementAndGet();
        }
    }
}
