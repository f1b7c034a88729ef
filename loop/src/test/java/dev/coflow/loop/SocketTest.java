package dev.coflow.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.Coroutine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SocketTest {
    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String ascii(ByteBuffer buffer) {
        buffer.flip();
        return StandardCharsets.US_ASCII.decode(buffer).toString();
    }

    /** Echoes one connection until the peer shuts down its output, then closes. */
    @Coroutine
    static void echo(TcpConnection conn) {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        try (conn) {
            while (conn.read(buffer) >= 0) {
                buffer.flip();
                conn.write(buffer);
                buffer.clear();
            }
        }
    }

    /** Accepts connections for ever, one echo task each. */
    @Coroutine
    static void serve(TcpListener listener) {
        try (listener) {
            while (true) {
                TcpConnection conn = listener.accept();
                Async.spawn(() -> {
                    echo(conn);
                    return null;
                });
            }
        }
    }

    @Test
    void echo_roundTripWithHalfClose() {
        try (EventLoop loop = EventLoop.builder().build()) {
            String reply = loop.run(() -> {
                TcpListener listener = TcpListener.loopback(0);
                InetSocketAddress address = listener.localAddress();
                Task<Object> server = Async.spawn(() -> {
                    serve(listener);
                    return null;
                });
                StringBuilder received = new StringBuilder();
                try (TcpConnection conn = TcpConnection.connect(address)) {
                    conn.write(ascii("hello, loop\n"));
                    conn.shutdownOutput();   // half-close: the echo still comes back
                    ByteBuffer in = ByteBuffer.allocate(64);
                    while (conn.read(in) >= 0) {
                        received.append(ascii(in));
                        in.clear();
                    }
                }
                server.cancel();
                return received.toString();
            });
            assertEquals("hello, loop\n", reply);
        }
    }

    @Test
    void read_partialReadsAndWritesReassembleTheStream() {
        try (EventLoop loop = EventLoop.builder().build()) {
            List<Integer> readSizes = new ArrayList<>();
            int[] consumed = {0};
            String text = loop.run(() -> {
                try (TcpListener listener = TcpListener.loopback(0)) {
                    InetSocketAddress address = listener.localAddress();
                    Task<Object> writer = Async.spawn(() -> {
                        try (TcpConnection conn = listener.accept()) {
                            int sent = 0;
                            for (String piece : new String[] {"ab", "cdefg", "hij"}) {
                                conn.write(ascii(piece));
                                sent += piece.length();
                                // separate segments: the next piece only once the reader has taken this one (a sleep
                                // alone let a slow reader find two pieces at once on a loaded machine: [2, 4, 4])
                                while (consumed[0] < sent) {
                                    Async.sleep(ms(1));
                                }
                            }
                        }
                        return null;
                    });
                    ByteBuffer all = ByteBuffer.allocate(64);
                    try (TcpConnection conn = TcpConnection.connect(address)) {
                        ByteBuffer small = ByteBuffer.allocate(4);
                        int n;
                        while ((n = conn.read(small)) >= 0) {
                            readSizes.add(n);
                            consumed[0] += n;
                            small.flip();
                            all.put(small);
                            small.clear();
                        }
                    }
                    writer.join();
                    return ascii(all);
                }
            });
            assertEquals("abcdefghij", text);
            assertTrue(readSizes.size() >= 4, "at least one read per segment and one split by the 4-byte buffer: " + readSizes);
            assertTrue(readSizes.stream().allMatch(n -> n > 0 && n <= 4), readSizes.toString());
        }
    }

    @Test
    void write_aSlowReaderSuspendsTheWriterInsteadOfBuffering() {
        int total = 64 << 20;
        try (EventLoop loop = EventLoop.builder().build()) {
            long[] writtenWhileBlocked = {-1};
            long received = loop.run(() -> {
                try (TcpListener listener = TcpListener.loopback(0)) {
                    long[] written = {0};
                    Task<Object> writer = Async.spawn("writer", () -> {
                        try (TcpConnection conn = listener.accept()) {
                            ByteBuffer chunk = ByteBuffer.allocate(64 << 10);
                            while (written[0] < total) {
                                chunk.clear();
                                conn.write(chunk);
                                written[0] += chunk.capacity();
                            }
                        }
                        return null;
                    });
                    try (TcpConnection conn = TcpConnection.connect(listener.localAddress())) {
                        // read nothing until the writer has filled the socket buffers and waits (at most 10 s)
                        long before = -1;
                        for (int i = 0; i < 200 && !(writer.state() == TaskState.WAITING && written[0] == before); i++) {
                            before = written[0];
                            Async.sleep(ms(50));
                        }
                        assertEquals(TaskState.WAITING, writer.state());
                        assertTrue(writer.where().get(0).startsWith("dev.coflow.loop.TcpConnection#write"), writer.where().toString());
                        writtenWhileBlocked[0] = written[0];
                        Async.sleep(ms(100));
                        assertEquals(writtenWhileBlocked[0], written[0], "the writer made no progress while nobody read");
                        ByteBuffer in = ByteBuffer.allocate(1 << 20);
                        long count = 0;
                        int n;
                        while ((n = conn.read(in)) >= 0) {
                            count += n;
                            in.clear();
                        }
                        writer.join();
                        return count;
                    }
                }
            });
            assertEquals(total, received);
            assertTrue(writtenWhileBlocked[0] < 32 << 20, "only socket buffers' worth is written before the reader reads: "
                    + writtenWhileBlocked[0]);
        }
    }

    @Test
    void write_aPeerResetMidWriteFailsTheWriteWithAnIoError() {
        try (EventLoop loop = EventLoop.builder().build()) {
            String outcome = loop.run(() -> {
                try (TcpListener listener = TcpListener.loopback(0)) {
                    Task<String> writer = Async.spawn(() -> {
                        try (TcpConnection conn = listener.accept()) {
                            ByteBuffer chunk = ByteBuffer.allocate(64 << 10);
                            while (true) {
                                chunk.clear();
                                conn.write(chunk);
                            }
                        } catch (UncheckedIOException e) {
                            return "writer: " + (e.getCause() instanceof IOException);
                        }
                    });
                    TcpConnection conn = TcpConnection.connect(listener.localAddress());
                    ByteBuffer in = ByteBuffer.allocate(1 << 16);
                    conn.readFully(in);     // take some, then vanish with a reset
                    conn.abort();
                    return writer.join();
                }
            });
            assertEquals("writer: true", outcome);
        }
    }

    @Test
    void read_aResetPeerFailsTheReadAndAVanishedOneEndsTheStream() {
        try (EventLoop loop = EventLoop.builder().build()) {
            List<String> outcomes = loop.run(() -> {
                List<String> seen = new ArrayList<>();
                try (TcpListener listener = TcpListener.loopback(0)) {
                    for (boolean reset : new boolean[] {true, false}) {
                        Task<String> reader = Async.spawn(() -> {
                            try (TcpConnection conn = listener.accept()) {
                                return "read " + conn.read(ByteBuffer.allocate(16));
                            } catch (UncheckedIOException e) {
                                return "reset: " + e.getMessage().startsWith("read from");
                            }
                        });
                        TcpConnection conn = TcpConnection.connect(listener.localAddress());
                        Async.sleep(ms(20));
                        if (reset) {
                            conn.abort();
                        } else {
                            conn.close();
                        }
                        seen.add(reader.join());
                    }
                }
                return seen;
            });
            assertEquals(List.of("reset: true", "read -1"), outcomes);
        }
    }

    @Test
    void connect_toAPortNobodyListensOnFails() {
        try (EventLoop loop = EventLoop.builder().build()) {
            String message = loop.run(() -> {
                InetSocketAddress closed;
                try (TcpListener listener = TcpListener.loopback(0)) {
                    closed = listener.localAddress();
                }
                try {
                    TcpConnection.connect(closed).close();
                    return "connected";
                } catch (UncheckedIOException e) {
                    return e.getMessage();
                }
            });
            assertTrue(message.startsWith("cannot connect to "), message);
        }
    }

    @Test
    void close_wakesATaskWaitingToReadWithAnError() {
        try (EventLoop loop = EventLoop.builder().build()) {
            String outcome = loop.run(() -> {
                try (TcpListener listener = TcpListener.loopback(0)) {
                    Task<TcpConnection> accepted = Async.spawn(listener::accept);
                    try (TcpConnection client = TcpConnection.connect(listener.localAddress());
                            TcpConnection server = accepted.join()) {
                        Task<String> reader = Async.spawn(() -> {
                            try {
                                return "read " + server.read(ByteBuffer.allocate(8));
                            } catch (UncheckedIOException e) {
                                return e.getMessage();
                            }
                        });
                        Async.sleep(ms(10));
                        Task<String> second = Async.spawn(() -> {
                            try {
                                return "read " + server.read(ByteBuffer.allocate(8));
                            } catch (IllegalStateException e) {
                                return e.getMessage();
                            }
                        });
                        String refused = second.join();
                        assertTrue(refused.contains("already waits to read from this channel"), refused);
                        server.close();
                        return reader.join();
                    }
                }
            });
            assertEquals("TcpConnection.read: the channel was closed while this task waited", outcome);
        }
    }

    @Test
    void connections_aThousandOpenedAndClosedLeakNoFileDescriptor() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(fds), "needs /proc/self/fd (Linux)");
        long before = count(fds);
        try (EventLoop loop = EventLoop.builder().build()) {
            long echoed = loop.run(() -> {
                TcpListener listener = TcpListener.loopback(0);
                Task<Object> server = Async.spawn(() -> {
                    serve(listener);
                    return null;
                });
                long bytes = 0;
                for (int i = 0; i < 1000; i++) {
                    try (TcpConnection conn = TcpConnection.connect(listener.localAddress())) {
                        conn.write(ascii("ping " + i));
                        conn.shutdownOutput();
                        ByteBuffer in = ByteBuffer.allocate(32);
                        while (conn.read(in) >= 0) {
                            // until the server closes its side
                        }
                        bytes += in.position();
                    }
                }
                server.cancel();
                assertEquals("CancelledError", EventLoopTest.joinOutcome(server));
                return bytes;
            });
            assertTrue(echoed >= 1000 * 6, "every ping came back: " + echoed);
        }
        long after = count(fds);
        assertTrue(after <= before + 2, "file descriptors before " + before + ", after " + after);
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.count();
        }
    }
}
