package dev.coflow.samples.echo;

import dev.coflow.Coroutine;
import dev.coflow.samples.Sample;
import dev.coflow.samples.UsageException;
import dev.coflow.samples.scheduler.Scheduler;
import dev.coflow.samples.scheduler.Sys;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code echo-server [--port P] [--clients [N]] [--messages M]}: an echo server on 127.0.0.1 whose
 * connections are coroutines on one scheduler thread. Without {@code --clients} it serves until the
 * process is stopped; with it, a load client in the same program opens N connections at once
 * (default 1,000), sends M messages on each (default 10) and checks every echo, then both stop and
 * the figures are printed. The run is bounded: at most {@value #TIME_LIMIT_SECONDS} s, after which
 * it stops and fails.
 */
public final class EchoServerSample implements Sample {
    static final int DEFAULT_CLIENTS = 1000;
    static final int DEFAULT_MESSAGES = 10;
    static final int MAX_CLIENTS = 10_000;
    static final int MAX_MESSAGES = 1000;
    static final long TIME_LIMIT_SECONDS = 30;
    static final String SERVER_THREAD = "echo-server-scheduler";
    static final String CLIENT_THREAD = "echo-client-scheduler";

    /** What the server's tasks record; read by other threads, hence atomic and concurrent. */
    static final class ServerStats {
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger peakOpen = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        /** The threads that ran a step of a connection coroutine. */
        final Set<String> connectionThreads = ConcurrentHashMap.newKeySet();

        void opened() {
            accepted.incrementAndGet();
            peakOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
        }
    }

    /** What the client's tasks record; only the client's scheduler thread writes it. */
    static final class ClientStats {
        int connected;
        long sent;
        long echoed;
        long wrong;
        int failed;
        final Set<String> threads = new TreeSet<>();
    }

    // ---------------------------------------------------------------- the server

    /** Accepts connections for ever and starts a task for each one. */
    @Coroutine
    static void acceptor(ServerSocketChannel listener, ServerStats stats) {
        try {
            while (true) {
                Sys.readWait(listener);
                SocketChannel channel;
                while ((channel = accept(listener)) != null) {
                    stats.opened();
                    SocketChannel connection = channel;
                    Sys.newTask(() -> echo(connection, stats));
                }
            }
        } finally {
            closeQuietly(listener);
        }
    }

    /** One connection: reads what comes and writes it back, until the peer closes its side. */
    @Coroutine
    static void echo(SocketChannel channel, ServerStats stats) {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        try {
            while (true) {
                stats.connectionThreads.add(Thread.currentThread().getName());
                Sys.readWait(channel);
                buffer.clear();
                if (channel.read(buffer) < 0) {
                    break;
                }
                buffer.flip();
                while (buffer.hasRemaining()) {
                    if (channel.write(buffer) == 0) {
                        Sys.writeWait(channel);
                    }
                }
            }
        } catch (IOException e) {
            stats.failed.incrementAndGet();
        } finally {
            closeQuietly(channel);
            stats.open.decrementAndGet();
            stats.closed.incrementAndGet();
        }
    }

    // ---------------------------------------------------------------- the load client

    /**
     * Opens {@code clients} connections, waits until the server has accepted them all (so that all are
     * open at once), then runs one task per connection and waits for them.
     */
    @Coroutine
    static void loadClient(InetSocketAddress address, int clients, int messages, ServerStats server, ClientStats stats,
            long[] timing) {
        List<SocketChannel> channels = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            channels.add(connect(address)); // a blocking connect: the server, on its own thread, accepts meanwhile
            stats.connected++;
        }
        while (server.accepted.get() < clients) {
            Sys.sleep(1);
        }
        timing[0] = System.nanoTime();
        int[] tids = new int[clients];
        for (int i = 0; i < clients; i++) {
            SocketChannel channel = channels.get(i);
            int id = i;
            tids[i] = Sys.newTask(() -> talk(channel, id, messages, stats));
        }
        for (int tid : tids) {
            Sys.waitTask(tid);
        }
        timing[1] = System.nanoTime();
    }

    /** One client connection: sends each message, reads until its echo is complete, and compares. */
    @Coroutine
    static void talk(SocketChannel channel, int id, int messages, ClientStats stats) {
        ByteBuffer in = ByteBuffer.allocate(256);
        try {
            stats.threads.add(Thread.currentThread().getName());
            for (int m = 0; m < messages; m++) {
                byte[] message = ("connection " + id + " message " + m + "\n").getBytes(StandardCharsets.US_ASCII);
                ByteBuffer out = ByteBuffer.wrap(message);
                while (out.hasRemaining()) {
                    if (channel.write(out) == 0) {
                        Sys.writeWait(channel);
                    }
                }
                stats.sent++;
                in.clear();
                in.limit(message.length);
                boolean eof = false;
                while (in.hasRemaining() && !eof) {
                    Sys.readWait(channel);
                    eof = channel.read(in) < 0;
                }
                if (!eof && Arrays.equals(message, 0, message.length, in.array(), 0, message.length)) {
                    stats.echoed++;
                } else {
                    stats.wrong++;
                }
            }
        } catch (IOException e) {
            stats.failed++;
        } finally {
            closeQuietly(channel);
        }
    }

    // ---------------------------------------------------------------- running it

    @Override
    public String name() {
        return "echo-server";
    }

    @Override
    public String arguments() {
        return "[--port P] [--clients [N]] [--messages M]";
    }

    @Override
    public String summary() {
        return "TCP echo server on 127.0.0.1, one coroutine per connection on one thread; --clients runs a load client";
    }

    @Override
    public void run(List<String> args, InputStream in, PrintStream out) throws IOException {
        int port = 0;
        int clients = -1;
        int messages = DEFAULT_MESSAGES;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--port" -> port = number(args, ++i, "--port", 0, 65535);
                case "--messages" -> messages = number(args, ++i, "--messages", 1, MAX_MESSAGES);
                case "--clients" -> {
                    if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                        clients = number(args, ++i, "--clients", 1, MAX_CLIENTS);
                    } else {
                        clients = DEFAULT_CLIENTS;
                    }
                }
                default -> throw new UsageException("unknown argument '" + arg + "'");
            }
        }
        ServerSocketChannel listener = ServerSocketChannel.open();
        try {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), Math.max(clients, 128));
        } catch (IOException e) {
            listener.close();
            throw new IOException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        listener.configureBlocking(false);
        InetSocketAddress address = (InetSocketAddress) listener.getLocalAddress();
        ServerStats server = new ServerStats();
        if (clients < 0) {
            out.println("echo server listening on 127.0.0.1:" + address.getPort() + "; stop it with Ctrl-C");
            try (Scheduler scheduler = new Scheduler(System.err)) {
                scheduler.spawn(() -> acceptor(listener, server));
                scheduler.run();
            }
            return;
        }
        loadTest(listener, address, server, clients, messages, out);
    }

    private static void loadTest(ServerSocketChannel listener, InetSocketAddress address, ServerStats server, int clients,
            int messages, PrintStream out) throws IOException {
        out.println("echo server on 127.0.0.1:" + address.getPort() + "; load client: " + clients + " connections, "
                + messages + " messages each");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIME_LIMIT_SECONDS);
        Scheduler serverScheduler = new Scheduler(System.err);
        serverScheduler.spawn(() -> acceptor(listener, server));
        IOException[] serverFailure = new IOException[1];
        Thread serverThread = new Thread(() -> {
            try (serverScheduler) {
                serverScheduler.run(deadline);
            } catch (IOException e) {
                serverFailure[0] = e;
            }
        }, SERVER_THREAD);
        serverThread.start();

        ClientStats client = new ClientStats();
        long[] timing = new long[2];
        boolean[] finished = new boolean[1];
        IOException[] clientFailure = new IOException[1];
        Thread clientThread = new Thread(() -> {
            try (Scheduler scheduler = new Scheduler(System.err)) {
                scheduler.spawn(() -> loadClient(address, clients, messages, server, client, timing));
                finished[0] = scheduler.run(deadline) && scheduler.taskCount() == 0;
            } catch (IOException e) {
                clientFailure[0] = e;
            }
        }, CLIENT_THREAD);
        clientThread.start();
        join(clientThread);
        // Every client connection is closed now; give the server a moment to see the last ones close.
        long grace = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.open.get() > 0 && System.nanoTime() - grace < 0) {
            sleep(1);
        }
        serverScheduler.stop();
        join(serverThread);
        if (clientFailure[0] != null) {
            throw clientFailure[0];
        }
        if (serverFailure[0] != null) {
            throw serverFailure[0];
        }

        long total = (long) clients * messages;
        double seconds = (timing[1] - timing[0]) / 1e9;
        out.println("connections: " + client.connected + " opened by the client, " + server.accepted.get()
                + " accepted by the server, " + server.peakOpen.get() + " open at once, " + server.closed.get() + " closed");
        out.println("messages: " + client.sent + " sent, " + client.echoed + " echoed back intact, " + client.wrong
                + " wrong or missing, of " + total);
        if (finished[0]) {
            out.println(String.format(Locale.ROOT, "time: %.3f s, %.0f messages per second (round trips, one in flight per connection)",
                    seconds, total / seconds));
        }
        out.println("threads: the server ran its " + server.accepted.get() + " connection coroutines on "
                + server.connectionThreads.size() + " thread " + new TreeSet<>(server.connectionThreads)
                + "; the client ran its " + client.connected + " on " + client.threads.size() + " thread " + client.threads);
        List<String> problems = new ArrayList<>();
        if (!finished[0]) {
            problems.add("not finished within the " + TIME_LIMIT_SECONDS + " s limit");
        }
        if (client.echoed != total || client.wrong != 0) {
            problems.add((total - client.echoed) + " of " + total + " messages not echoed intact");
        }
        if (client.failed + server.failed.get() > 0) {
            problems.add((client.failed + server.failed.get()) + " connections failed with an I/O error");
        }
        if (server.connectionThreads.size() != 1) {
            problems.add("connection coroutines ran on " + server.connectionThreads.size() + " threads, not 1");
        }
        if (!problems.isEmpty()) {
            throw new IOException("load test failed: " + String.join("; ", problems));
        }
        out.println("ok: every message came back intact");
    }

    // ---------------------------------------------------------------- helpers

    private static int number(List<String> args, int i, String option, int min, int max) {
        if (i >= args.size()) {
            throw new UsageException(option + " needs a number");
        }
        int n;
        try {
            n = Integer.parseInt(args.get(i));
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a number, got '" + args.get(i) + "'");
        }
        if (n < min || n > max) {
            throw new UsageException(option + " must be between " + min + " and " + max + ", got " + n);
        }
        return n;
    }

    private static SocketChannel accept(ServerSocketChannel listener) {
        try {
            SocketChannel channel = listener.accept();
            if (channel != null) {
                channel.configureBlocking(false);
            }
            return channel;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static SocketChannel connect(InetSocketAddress address) {
        try {
            SocketChannel channel = SocketChannel.open(address);
            channel.configureBlocking(false);
            return channel;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot connect to " + address + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing after an error: nothing more to do
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
