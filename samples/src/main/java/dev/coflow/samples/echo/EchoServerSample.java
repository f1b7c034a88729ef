package dev.coflow.samples.echo;

import dev.coflow.Coroutine;
import dev.coflow.loop.Async;
import dev.coflow.loop.EventLoop;
import dev.coflow.loop.Task;
import dev.coflow.loop.TcpConnection;
import dev.coflow.loop.TcpListener;
import dev.coflow.samples.Sample;
import dev.coflow.samples.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code echo-server [--port P] [--clients [N]] [--messages M]}: an echo server on 127.0.0.1 whose
 * connections are tasks of one {@link EventLoop} (the {@code loop} module) on one thread. Without
 * {@code --clients} it serves until the process is stopped; with it, a load client in the same program,
 * on a second loop and thread, opens N connections at once (default 1,000), sends M messages on each
 * (default 10) and checks every echo, then both stop and the figures are printed. The run is bounded:
 * at most {@value #TIME_LIMIT_SECONDS} s, after which it stops and fails.
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
        /** The threads that ran a step of a connection task. */
        final Set<String> connectionThreads = ConcurrentHashMap.newKeySet();

        void opened() {
            accepted.incrementAndGet();
            peakOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
        }
    }

    /** What the client's tasks record; only the client's loop thread writes it. */
    static final class ClientStats {
        int connected;
        long sent;
        long echoed;
        long wrong;
        int failed;
        final Set<String> threads = new TreeSet<>();
    }

    // ---------------------------------------------------------------- the server

    /**
     * The server's main task: listens, hands out the address, accepts until {@code stop} completes;
     * the loop then cancels the connections still open.
     */
    @Coroutine
    static Void server(int port, int backlog, ServerStats stats, CompletableFuture<InetSocketAddress> bound,
            CompletableFuture<Void> stop) {
        TcpListener listener;
        try {
            listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
        } catch (UncheckedIOException e) {
            bound.completeExceptionally(new IOException("cannot listen on 127.0.0.1:" + port + ": " + e.getCause().getMessage(), e));
            return null;
        }
        bound.complete(listener.localAddress());
        Task<Void> acceptor = Async.spawn("acceptor", () -> acceptor(listener, stats));
        Async.await(stop);
        acceptor.cancel();
        return null;
    }

    /** Accepts connections for ever and starts a task for each one. */
    @Coroutine
    static Void acceptor(TcpListener listener, ServerStats stats) {
        try (listener) {
            while (true) {
                TcpConnection connection = listener.accept();
                stats.opened();
                Async.spawn(() -> echo(connection, stats));
            }
        }
    }

    /** One connection: reads what comes and writes it back, until the peer closes its side. */
    @Coroutine
    static Void echo(TcpConnection connection, ServerStats stats) {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        try (connection) {
            while (true) {
                stats.connectionThreads.add(Thread.currentThread().getName());
                buffer.clear();
                if (connection.read(buffer) < 0) {
                    break;
                }
                buffer.flip();
                connection.write(buffer);
            }
        } catch (UncheckedIOException e) {
            stats.failed.incrementAndGet();
        } finally {
            stats.open.decrementAndGet();
            stats.closed.incrementAndGet();
        }
        return null;
    }

    // ---------------------------------------------------------------- the load client

    /**
     * Opens {@code clients} connections, waits until the server has accepted them all (so that all are
     * open at once), then runs one task per connection and waits for them, within the time limit;
     * {@code true} if all finished in time.
     */
    @Coroutine
    static Boolean loadClient(InetSocketAddress address, int clients, int messages, ServerStats server, ClientStats stats,
            long[] timing) {
        return Async.moveOnAfter(Duration.ofSeconds(TIME_LIMIT_SECONDS), () -> {
            List<TcpConnection> connections = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                connections.add(TcpConnection.connect(address));
                stats.connected++;
            }
            while (server.accepted.get() < clients) {
                Async.sleep(Duration.ofMillis(1));
            }
            timing[0] = System.nanoTime();
            List<Task<Void>> talks = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                TcpConnection connection = connections.get(i);
                int id = i;
                talks.add(Async.spawn(() -> talk(connection, id, messages, stats)));
            }
            for (Task<Void> talk : talks) {
                talk.join();
            }
            timing[1] = System.nanoTime();
        });
    }

    /** One client connection: sends each message, reads until its echo is complete, and compares. */
    @Coroutine
    static Void talk(TcpConnection connection, int id, int messages, ClientStats stats) {
        ByteBuffer in = ByteBuffer.allocate(256);
        try (connection) {
            stats.threads.add(Thread.currentThread().getName());
            for (int m = 0; m < messages; m++) {
                byte[] message = ("connection " + id + " message " + m + "\n").getBytes(StandardCharsets.US_ASCII);
                connection.write(ByteBuffer.wrap(message));
                stats.sent++;
                in.clear();
                in.limit(message.length);
                boolean complete = connection.readFully(in);
                if (complete && Arrays.equals(message, 0, message.length, in.array(), 0, message.length)) {
                    stats.echoed++;
                } else {
                    stats.wrong++;
                }
            }
        } catch (UncheckedIOException e) {
            stats.failed++;
        }
        return null;
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
        ServerStats server = new ServerStats();
        CompletableFuture<InetSocketAddress> bound = new CompletableFuture<>();
        int backlog = Math.max(clients, 128);
        int listenPort = port;
        if (clients < 0) {
            CompletableFuture<Void> never = new CompletableFuture<>();
            bound.thenAccept(address -> {
                out.println("echo server listening on 127.0.0.1:" + address.getPort() + "; stop it with Ctrl-C");
                out.flush();
            });
            try (EventLoop loop = EventLoop.builder().build()) {
                loop.run(() -> server(listenPort, backlog, server, bound, never));
            }
            address(bound);
            return;
        }
        loadTest(port, backlog, server, bound, clients, messages, out);
    }

    private static void loadTest(int port, int backlog, ServerStats server, CompletableFuture<InetSocketAddress> bound,
            int clients, int messages, PrintStream out) throws IOException {
        CompletableFuture<Void> stop = new CompletableFuture<>();
        EventLoop serverLoop = EventLoop.builder().build();
        CompletableFuture<Void> serverDone = serverLoop.startOn(r -> new Thread(r, SERVER_THREAD).start(),
                () -> server(port, backlog, server, bound, stop));
        InetSocketAddress address;
        try {
            address = address(bound);
        } catch (IOException e) {
            outcome(serverDone);
            serverLoop.close();
            throw e;
        }
        out.println("echo server on 127.0.0.1:" + address.getPort() + "; load client: " + clients + " connections, "
                + messages + " messages each");

        ClientStats client = new ClientStats();
        long[] timing = new long[2];
        boolean finished;
        try (EventLoop clientLoop = EventLoop.builder().build()) {
            CompletableFuture<Boolean> clientDone = clientLoop.startOn(r -> new Thread(r, CLIENT_THREAD).start(),
                    () -> loadClient(address, clients, messages, server, client, timing));
            finished = Boolean.TRUE.equals(outcome(clientDone));
        }
        // Every client connection is closed now; give the server a moment to see the last ones close.
        long grace = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.open.get() > 0 && System.nanoTime() - grace < 0) {
            sleep(1);
        }
        stop.complete(null);
        outcome(serverDone);
        serverLoop.close();

        long total = (long) clients * messages;
        double seconds = (timing[1] - timing[0]) / 1e9;
        out.println("connections: " + client.connected + " opened by the client, " + server.accepted.get()
                + " accepted by the server, " + server.peakOpen.get() + " open at once, " + server.closed.get() + " closed");
        out.println("messages: " + client.sent + " sent, " + client.echoed + " echoed back intact, " + client.wrong
                + " wrong or missing, of " + total);
        if (finished) {
            out.println(String.format(Locale.ROOT, "time: %.3f s, %.0f messages per second (round trips, one in flight per connection)",
                    seconds, total / seconds));
        }
        out.println("threads: the server ran its " + server.accepted.get() + " connection coroutines on "
                + server.connectionThreads.size() + " thread " + new TreeSet<>(server.connectionThreads)
                + "; the client ran its " + client.connected + " on " + client.threads.size() + " thread " + client.threads);
        List<String> problems = new ArrayList<>();
        if (!finished) {
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

    /** The address the server bound, or the reason it could not. */
    private static InetSocketAddress address(CompletableFuture<InetSocketAddress> bound) throws IOException {
        try {
            return bound.get(TIME_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("the server failed to start: " + e.getCause(), e.getCause());
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new IOException("the server did not start within " + TIME_LIMIT_SECONDS + " s", e);
        }
    }

    /** The value of a loop's run on its own thread, or its failure as an IOException. */
    private static <T> T outcome(CompletableFuture<T> run) throws IOException {
        try {
            return run.get(2 * TIME_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IOException("an event loop failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new IOException("an event loop did not finish within " + 2 * TIME_LIMIT_SECONDS + " s", e);
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
