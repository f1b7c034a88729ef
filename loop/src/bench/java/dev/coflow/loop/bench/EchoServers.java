package dev.coflow.loop.bench;

import dev.coflow.Coroutine;
import dev.coflow.loop.Async;
import dev.coflow.loop.EventLoop;
import dev.coflow.loop.TcpConnection;
import dev.coflow.loop.TcpListener;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One echo server per process, of the kind named by the first argument, on 127.0.0.1 at an ephemeral
 * port: {@code loop} (coflow's event loop, one thread), {@code netty} (one NIO event-loop thread for
 * accepting and serving), {@code virtual} (a virtual thread per connection; JDK 21+), {@code platform}
 * (a platform thread per connection). It prints {@code LISTENING port}, then answers commands on
 * stdin: {@code STATS} prints {@code STATS heapBytes threads connections} after a full GC,
 * {@code OPEN} prints the open connections, {@code THREADS} the live
 * platform threads (no GC), {@code QUIT} ends the process. Every server reads into a per-connection buffer of
 * {@value #BUFFER} bytes except Netty, which allocates from its pool only while reading.
 */
public final class EchoServers {
    static final int BUFFER = 1024;
    static final AtomicInteger OPEN = new AtomicInteger();

    private EchoServers() {
    }

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        switch (kind) {
            case "loop" -> loop();
            case "netty" -> netty(any);
            case "virtual" -> threads(any, true);
            case "platform" -> threads(any, false);
            default -> throw new IllegalArgumentException("unknown server kind " + kind + "; use loop, netty, virtual or platform");
        }
    }

    static void listening(int port) {
        System.out.println("LISTENING " + port);
        System.out.flush();
    }

    /** Answers STATS and QUIT on stdin, on a daemon thread of its own. */
    static void commands() {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.equals("STATS")) {
                        for (int i = 0; i < 3; i++) {
                            System.gc();
                        }
                        Runtime rt = Runtime.getRuntime();
                        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
                        System.out.println("STATS " + heap + " " + threads + " " + OPEN.get() + " " + rt.totalMemory());
                        System.out.flush();
                    } else if (line.equals("THREADS")) {
                        System.out.println("THREADS " + ManagementFactory.getThreadMXBean().getThreadCount());
                        System.out.flush();
                    } else if (line.equals("OPEN")) {
                        System.out.println("OPEN " + OPEN.get());
                        System.out.flush();
                    } else if (line.equals("QUIT")) {
                        break;
                    }
                }
            } catch (IOException e) {
                // stdin closed: the driver is gone
            }
            System.exit(0);
        }, "commands");
        t.setDaemon(true);
        t.start();
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
        listening(listener.localAddress().getPort());
        commands();
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
        OPEN.incrementAndGet();
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
            OPEN.decrementAndGet();
        }
    }

    // ---------------------------------------------------------------- Netty, one event-loop thread

    @SuppressWarnings("deprecation")
    static void netty(InetSocketAddress address) throws InterruptedException {
        EventLoopGroup group = new NioEventLoopGroup(1);
        try {
            ServerBootstrap bootstrap = new ServerBootstrap().group(group, group).channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024).childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new NettyEcho());
            io.netty.channel.Channel server = bootstrap.bind(address).sync().channel();
            listening(((InetSocketAddress) server.localAddress()).getPort());
            commands();
            server.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }

    /** The classic Netty echo handler: write what is read, flush when the read burst ends. */
    @ChannelHandler.Sharable
    static final class NettyEcho extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            OPEN.incrementAndGet();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            OPEN.decrementAndGet();
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

    static void threads(InetSocketAddress address, boolean virtual) throws Exception {
        java.lang.reflect.Method startVirtual = null;
        if (virtual) {
            try {
                startVirtual = Thread.class.getMethod("startVirtualThread", Runnable.class);
            } catch (NoSuchMethodException e) {
                System.out.println("UNSUPPORTED virtual threads need JDK 21 or newer; this is " + System.getProperty("java.version"));
                return;
            }
        }
        try (ServerSocket server = new ServerSocket()) {
            server.bind(address, 1024);
            listening(server.getLocalPort());
            commands();
            while (true) {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                Runnable echo = () -> echo(socket);
                if (startVirtual != null) {
                    startVirtual.invoke(null, echo);
                } else {
                    new Thread(echo, "echo").start();
                }
            }
        }
    }

    static void echo(Socket socket) {
        OPEN.incrementAndGet();
        byte[] buffer = new byte[BUFFER];
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // reset by the client
        } finally {
            OPEN.decrementAndGet();
        }
    }
}
