package dev.coflow.loop.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * What every benchmark server process shares ({@link EchoServers}, {@link HttpServers}): it prints
 * {@code LISTENING port}, then answers commands on stdin: {@code STATS} prints
 * {@code STATS heapBytes threads connections} after a full GC, {@code OPEN} prints the open connections,
 * {@code THREADS} the live platform threads (no GC), {@code QUIT} ends the process. Also the two ways of
 * serving that differ between the servers only in their handler: Netty on one event-loop thread, and a
 * thread (virtual or platform) per connection.
 */
final class ServerProcess {
    /** The connections the server holds now; each server counts its own. */
    static final AtomicInteger OPEN = new AtomicInteger();

    private ServerProcess() {
    }

    static void listening(int port) {
        System.out.println("LISTENING " + port);
        System.out.flush();
    }

    /** Answers STATS, OPEN, THREADS and QUIT on stdin, on a daemon thread of its own. */
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

    /** Netty with ONE NIO event-loop thread for accepting and serving; {@code childHandler} serves each connection. */
    @SuppressWarnings("deprecation")
    static void netty(InetSocketAddress address, ChannelHandler childHandler) throws InterruptedException {
        EventLoopGroup group = new NioEventLoopGroup(1);
        try {
            ServerBootstrap bootstrap = new ServerBootstrap().group(group, group).channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024).childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(childHandler);
            io.netty.channel.Channel server = bootstrap.bind(address).sync().channel();
            listening(((InetSocketAddress) server.localAddress()).getPort());
            commands();
            server.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }

    /**
     * A blocking {@link ServerSocket} and a thread per connection running {@code handler}: a virtual thread
     * (JDK 21+; on older JDKs it prints {@code UNSUPPORTED reason} instead of listening) or a platform thread.
     */
    static void threads(InetSocketAddress address, boolean virtual, Consumer<Socket> handler) throws Exception {
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
                Runnable serve = () -> handler.accept(socket);
                if (startVirtual != null) {
                    startVirtual.invoke(null, serve);
                } else {
                    new Thread(serve, "connection").start();
                }
            }
        }
    }
}
