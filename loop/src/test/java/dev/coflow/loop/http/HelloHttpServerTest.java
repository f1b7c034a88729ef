package dev.coflow.loop.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coflow.Coroutine;
import dev.coflow.loop.Async;
import dev.coflow.loop.Body;
import dev.coflow.loop.EventLoop;
import dev.coflow.loop.Task;
import dev.coflow.loop.TaskState;
import dev.coflow.loop.TcpConnection;
import dev.coflow.loop.TcpListener;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The loop's HTTP/1.1 hello server on 127.0.0.1, with clients on the same loop: every answer is compared
 * byte for byte with the response written out here (not with {@link HelloHttp}'s constants), and every
 * conversation ends with the server's side closed and its connection task finished.
 */
class HelloHttpServerTest {
    static final String OK = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\nHello, World!";
    static final String OK_CLOSE = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\nConnection: close\r\n\r\nHello, World!";
    static final String BAD_REQUEST = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    static final String TOO_LARGE = "HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    static final String GET = "GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: test\r\n\r\n";

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Exactly {@code n} bytes from {@code conn}, or fewer if the stream ends first. */
    @Coroutine
    static String read(TcpConnection conn, int n) {
        ByteBuffer in = ByteBuffer.allocate(n);
        conn.readFully(in);
        in.flip();
        return StandardCharsets.US_ASCII.decode(in).toString();
    }

    /** Everything until the server closes its side. */
    @Coroutine
    static String readToEnd(TcpConnection conn) {
        ByteBuffer in = ByteBuffer.allocate(1 << 16);
        while (in.hasRemaining() && conn.read(in) >= 0) {
            // until the end of the stream
        }
        in.flip();
        return StandardCharsets.US_ASCII.decode(in).toString();
    }

    /** What a client does over its connection to the server; returns what the test checks. */
    @FunctionalInterface
    interface Client {
        @Coroutine
        String talk(TcpConnection conn);
    }

    /**
     * Runs {@link HelloHttpServer#handle} for one connection and {@code client} on it (for at most 10 s), in
     * one loop; returns what the client returned, once the server's connection task has finished (within
     * 10 s) and was DONE.
     */
    static String converse(Client client) {
        try (EventLoop loop = EventLoop.builder().build()) {
            return loop.run(() -> {
                TcpListener listener = TcpListener.loopback(0);
                Task<Void> server = Async.spawn(() -> {
                    try (listener) {
                        return HelloHttpServer.handle(listener.accept());
                    }
                });
                String result;
                try (TcpConnection conn = TcpConnection.connect(listener.localAddress())) {
                    result = Async.failAfter(Duration.ofSeconds(10), () -> client.talk(conn));
                }
                Body<Void> join = server::join;
                Async.failAfter(Duration.ofSeconds(10), join);
                assertEquals(TaskState.DONE, server.state());
                return result;
            });
        }
    }

    @Test
    void handle_answersEveryRequestOnOneKeptConnection() {
        String got = converse(conn -> {
            StringBuilder answers = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                conn.write(ascii(GET));
                answers.append(read(conn, OK.length())).append('|');
            }
            conn.shutdownOutput();
            return answers + "end:" + readToEnd(conn);
        });
        assertEquals(OK + "|" + OK + "|" + OK + "|end:", got);
    }

    @Test
    void handle_joinsAHeadThatArrivesInPieces() {
        String got = converse(conn -> {
            String[] pieces = {"GET /hel", "lo HTTP/1.1\r", "\nHost: x\r\n", "\r", "\n"};
            for (String piece : pieces) {
                conn.write(ascii(piece));
                Async.sleep(Duration.ofMillis(20));
            }
            String first = read(conn, OK.length());
            conn.shutdownOutput();
            return first + "|end:" + readToEnd(conn);
        });
        assertEquals(OK + "|end:", got);
    }

    @Test
    void handle_answersPipelinedRequestsInOrder() {
        String got = converse(conn -> {
            conn.write(ascii(GET + GET + "GET /last HTTP/1.1\r\nConnection: close\r\n\r\n"));
            return readToEnd(conn);
        });
        assertEquals(OK + OK + OK_CLOSE, got);
    }

    @Test
    void handle_closesWhenTheClientAsks() {
        assertEquals(OK_CLOSE, converse(conn -> {
            conn.write(ascii("GET / HTTP/1.1\r\nHost: x\r\nconnection:  Close\r\n\r\n"));
            return readToEnd(conn);
        }));
    }

    @Test
    void handle_http10ClosesUnlessKeepAliveIsAsked() {
        assertEquals(OK_CLOSE, converse(conn -> {
            conn.write(ascii("GET / HTTP/1.0\r\n\r\n"));
            return readToEnd(conn);
        }));
        assertEquals(OK + "|end:", converse(conn -> {
            conn.write(ascii("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"));
            String first = read(conn, OK.length());
            conn.shutdownOutput();
            return first + "|end:" + readToEnd(conn);
        }));
    }

    @Test
    void handle_rejectsMalformedRequestsAndBodies() {
        List<String> requests = List.of("hello\r\n\r\n", "GET /\r\n\r\n", "get / HTTP/1.1\r\n\r\n", "GET / HTTP/2.0\r\n\r\n",
                "GET / HTTP/1.1\r\nno colon\r\n\r\n", "POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n", "POST / HTTP/1.1\r\nContent-Length: 0 0\r\n\r\n",
                "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (String request : requests) {
            assertEquals(BAD_REQUEST, converse(conn -> {
                conn.write(ascii(request));
                return readToEnd(conn);
            }), request);
        }
        assertEquals(OK + "|end:", converse(conn -> {
            conn.write(ascii("POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n"));
            String first = read(conn, OK.length());
            conn.shutdownOutput();
            return first + "|end:" + readToEnd(conn);
        }));
    }

    @Test
    void handle_rejectsAHeadLongerThanItsBuffer() {
        String head = "GET / HTTP/1.1\r\nX-Long: " + "a".repeat(HelloHttpServer.BUFFER);
        assertEquals(TOO_LARGE, converse(conn -> {
            conn.write(ascii(head.substring(0, HelloHttpServer.BUFFER)));
            return readToEnd(conn);
        }));
    }

    @Test
    void handle_endsWhenTheClientClosesInTheMiddleOfAHead() {
        assertEquals("", converse(conn -> {
            conn.write(ascii("GET / HT"));
            conn.shutdownOutput();
            return readToEnd(conn);
        }));
        assertEquals("closed", converse(conn -> {
            conn.write(ascii("GET / HT"));
            conn.abort();
            return "closed";
        }));
    }

    @Test
    void serve_answersManyClientsAtOnceOnOneThread() {
        int clients = 20;
        int requests = 5;
        try (EventLoop loop = EventLoop.builder().build()) {
            List<String> got = loop.run(() -> {
                TcpListener listener = TcpListener.loopback(0);
                Task<Void> server = Async.spawn(() -> HelloHttpServer.serve(listener));
                List<Task<String>> tasks = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    tasks.add(Async.spawn(() -> Async.failAfter(Duration.ofSeconds(10), () -> {
                        StringBuilder answers = new StringBuilder();
                        try (TcpConnection conn = TcpConnection.connect(listener.localAddress())) {
                            for (int i = 0; i < requests; i++) {
                                conn.write(ascii(GET));
                                answers.append(read(conn, OK.length()));
                            }
                            conn.shutdownOutput();
                            answers.append(readToEnd(conn));
                        }
                        return answers.toString();
                    })));
                }
                List<String> answers = new ArrayList<>();
                for (Task<String> task : tasks) {
                    answers.add(task.join());
                }
                server.cancel();
                return answers;
            });
            assertEquals(clients, got.size());
            for (String answers : got) {
                assertEquals(OK.repeat(requests), answers);
            }
        }
    }
}
