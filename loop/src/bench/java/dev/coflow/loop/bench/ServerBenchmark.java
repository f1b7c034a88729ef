package dev.coflow.loop.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Drives the servers of one {@link Exchange} ({@link EchoServers} or {@link HttpServers}, named by the
 * first argument, {@code echo} or {@code http}): for each server kind and each number of connections,
 * starts the server in a process of its own, opens the connections from one NIO thread here, measures
 * the server's heap with every connection idle, then runs a ping-pong load (each connection sends a
 * request — a 64-byte message, or an HTTP GET — and waits for its answer, which is checked byte for
 * byte) for a warm-up and a measured window, bounded in time; prints one Markdown table row per run.
 *
 * <pre>
 * java ... dev.coflow.loop.bench.ServerBenchmark echo --kinds loop,netty,virtual,platform --connections 1,100,10000 \
 *     --warmup 2 --seconds 5 --server-jvm "-javaagent:instrument-agent/target/instrument-agent.jar -Xmx1g"
 * </pre>
 */
public final class ServerBenchmark {
    private ServerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Exchange exchange = Exchange.valueOf(args[0].toUpperCase(Locale.ROOT));
        List<String> kinds = List.of("loop", "netty", "virtual", "platform");
        int[] connections = {1, 100, 10_000};
        double warmup = 2;
        double seconds = 5;
        String serverJvm = "";
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--kinds" -> kinds = List.of(args[++i].split(","));
                case "--connections" -> connections = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--warmup" -> warmup = Double.parseDouble(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--server-jvm" -> serverJvm = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        PrintStream out = System.out;
        out.println("JDK " + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, warm-up "
                + warmup + " s, measured " + seconds + " s, " + exchange.description + ", one outstanding per connection");
        out.println();
        out.println("| server | connections | " + exchange.unit + "/s | p50 µs | p99 µs | heap bytes per idle connection | server JVM threads under load (idle JVM) | errors |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (String kind : kinds) {
            for (int n : connections) {
                out.println(runOne(exchange, kind, n, warmup, seconds, serverJvm));
                out.flush();
            }
        }
    }

    /** A server process and its command channel. */
    private static final class Server implements AutoCloseable {
        final Process process;
        final BufferedReader in;
        final Writer commands;
        final int port;

        Server(Exchange exchange, String kind, String jvmOptions) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(System.getProperty("java.home") + "/bin/java");
            for (String option : jvmOptions.trim().split("\\s+")) {
                if (!option.isEmpty()) {
                    command.add(option);
                }
            }
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(exchange.servers.getName());
            command.add(kind);
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
            commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
            String first = in.readLine();
            if (first == null || first.startsWith("UNSUPPORTED")) {
                process.destroy();
                throw new UnsupportedOperationException(first == null ? "the server exited" : first.substring("UNSUPPORTED ".length()));
            }
            port = Integer.parseInt(first.substring("LISTENING ".length()));
        }

        String[] ask(String command) throws IOException {
            commands.write(command + "\n");
            commands.flush();
            String line = in.readLine();
            if (line == null || !line.startsWith(command)) {
                throw new IOException("server answered " + line + " to " + command);
            }
            return line.split(" ");
        }

        @Override
        public void close() throws Exception {
            try {
                commands.write("QUIT\n");
                commands.flush();
            } catch (IOException e) {
                // already gone
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** One client connection: the request in flight and what has come back of it. */
    private static final class Connection {
        final Exchange exchange;
        final SocketChannel channel;
        final int id;
        final ByteBuffer out;
        final ByteBuffer in;
        long sequence;
        long sentAt;

        Connection(Exchange exchange, SocketChannel channel, int id) {
            this.exchange = exchange;
            this.channel = channel;
            this.id = id;
            out = ByteBuffer.allocate(exchange.requestCapacity());
            in = ByteBuffer.allocate(exchange.answerLength());
        }

        void send() throws IOException {
            out.clear();
            exchange.request(out, id, sequence);
            out.flip();
            in.clear();
            sentAt = System.nanoTime();
            channel.write(out);
            if (out.hasRemaining()) {
                throw new IOException("a " + out.limit() + "-byte write did not complete on an idle connection");
            }
        }

        boolean answered() {
            return exchange.answered(out, in);
        }
    }

    static String runOne(Exchange exchange, String kind, int n, double warmup, double seconds, String serverJvm) throws Exception {
        Server server;
        try {
            server = new Server(exchange, kind, serverJvm);
        } catch (UnsupportedOperationException e) {
            return "| " + kind + " | " + n + " | skipped: " + e.getMessage() + " | | | | | |";
        }
        List<Connection> connections = new ArrayList<>(n);
        try (server; Selector selector = Selector.open()) {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port);
            warmUp(exchange, server, address);
            String[] base = server.ask("STATS");
            long baseHeap = Long.parseLong(base[1]);
            int baseThreads = Integer.parseInt(base[2]);
            for (int i = 0; i < n; i++) {
                SocketChannel channel = SocketChannel.open(address);
                channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                channel.configureBlocking(false);
                Connection c = new Connection(exchange, channel, i);
                channel.register(selector, SelectionKey.OP_READ, c);
                connections.add(c);
            }
            long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (Integer.parseInt(server.ask("OPEN")[1]) < n) {
                if (System.nanoTime() > waitUntil) {
                    throw new IOException("the server did not accept " + n + " connections within 30 s");
                }
                Thread.sleep(50);
            }
            long idleHeap = Long.parseLong(server.ask("STATS")[1]);
            long[] latencies = new long[4_000_000];
            int samples = 0;
            long counted = 0;
            long errors = 0;
            long start = System.nanoTime();
            long measureFrom = start + (long) (warmup * 1e9);
            long end = measureFrom + (long) (seconds * 1e9);
            for (Connection c : connections) {
                c.send();
            }
            int threadsUnderLoad = -1;
            long now = System.nanoTime();
            while (now < end) {
                selector.select(100);
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    Connection c = (Connection) key.attachment();
                    if (c.channel.read(c.in) < 0) {
                        throw new IOException("the server closed connection " + c.id);
                    }
                    if (c.in.hasRemaining()) {
                        continue;
                    }
                    now = System.nanoTime();
                    if (!c.answered()) {
                        errors++;
                    }
                    if (now >= measureFrom && now < end) {
                        counted++;
                        if (samples < latencies.length) {
                            latencies[samples++] = now - c.sentAt;
                        }
                    }
                    c.sequence++;
                    if (now < end) {
                        c.send();
                    }
                }
                now = System.nanoTime();
                if (threadsUnderLoad < 0 && now > measureFrom + (end - measureFrom) / 2) {
                    threadsUnderLoad = Integer.parseInt(statsWithoutGc(server));
                }
            }
            Arrays.sort(latencies, 0, samples);
            double rate = counted / seconds;
            return String.format(Locale.ROOT, "| %s | %,d | %,.0f | %.0f | %.0f | %,d | %d (%d before) | %d |", kind, n, rate,
                    percentile(latencies, samples, 0.50) / 1e3, percentile(latencies, samples, 0.99) / 1e3,
                    (idleHeap - baseHeap) / n, threadsUnderLoad, baseThreads, errors);
        } finally {
            for (Connection c : connections) {
                c.channel.close();
            }
        }
    }

    /**
     * Opens 50 connections, makes 200 exchanges on each (answers checked), closes them and waits until the server has seen
     * them go: every class and code path of the server is loaded and warm before its baseline heap is taken.
     */
    private static void warmUp(Exchange exchange, Server server, InetSocketAddress address) throws Exception {
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            connections.add(new Connection(exchange, SocketChannel.open(address), i));
        }
        for (int round = 0; round < 200; round++) {
            for (Connection c : connections) {
                c.sequence = round;
                c.send();
                while (c.in.hasRemaining()) {
                    if (c.channel.read(c.in) < 0) {
                        throw new IOException("the server closed a warm-up connection");
                    }
                }
                if (!c.answered()) {
                    throw new IOException("wrong answer on a warm-up connection: " + new String(c.in.array(), StandardCharsets.ISO_8859_1));
                }
            }
        }
        for (Connection c : connections) {
            c.channel.close();
        }
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (Integer.parseInt(server.ask("OPEN")[1]) > 0 && System.nanoTime() < waitUntil) {
            Thread.sleep(20);
        }
    }

    /** The server's live platform threads, asked halfway through the measured window (no GC in the server). */
    private static String statsWithoutGc(Server server) throws IOException {
        return server.ask("THREADS")[1];
    }

    private static long percentile(long[] sorted, int count, double p) {
        if (count == 0) {
            return 0;
        }
        return sorted[Math.min(count - 1, (int) Math.floor(p * (count - 1)))];
    }
}
