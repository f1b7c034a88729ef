package dev.coflow.loop.bench;

import dev.coflow.loop.http.HelloHttp;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What {@link ServerBenchmark}'s client sends on a connection and what must come back, byte for byte,
 * before it sends the next: the protocol of one family of servers.
 */
enum Exchange {
    /** A 64-byte message (sequence number, connection id, then bytes derived from both) and its echo. */
    ECHO(EchoServers.class, "messages", "64-byte messages") {
        @Override
        int requestCapacity() {
            return 64;
        }

        @Override
        int answerLength() {
            return 64;
        }

        @Override
        void request(ByteBuffer out, int id, long sequence) {
            out.putLong(sequence).putInt(id);
            while (out.hasRemaining()) {
                out.put((byte) (id + sequence + out.position()));
            }
        }

        @Override
        boolean answered(ByteBuffer request, ByteBuffer answer) {
            return Arrays.equals(request.array(), answer.array());
        }
    },

    /** A keep-alive {@code GET /hello} and the hello server's 200 response with its 13-byte body. */
    HTTP(HttpServers.class, "requests", HttpRequest.GET.length + "-byte GET requests, " + HelloHttp.OK.length + "-byte responses") {
        @Override
        int requestCapacity() {
            return HttpRequest.GET.length;
        }

        @Override
        int answerLength() {
            return HelloHttp.OK.length;
        }

        @Override
        void request(ByteBuffer out, int id, long sequence) {
            out.put(HttpRequest.GET);
        }

        @Override
        boolean answered(ByteBuffer request, ByteBuffer answer) {
            return Arrays.equals(HelloHttp.OK, answer.array());
        }
    };

    final Class<?> servers;
    /** What one exchange is called in the table: "messages" per second, "requests" per second. */
    final String unit;
    final String description;

    Exchange(Class<?> servers, String unit, String description) {
        this.servers = servers;
        this.unit = unit;
        this.description = description;
    }

    /** The capacity of a connection's request buffer. */
    abstract int requestCapacity();

    /** The bytes of each answer. */
    abstract int answerLength();

    /** Puts the {@code sequence}-th request of connection {@code id} into the cleared buffer {@code out}. */
    abstract void request(ByteBuffer out, int id, long sequence);

    /** Whether {@code answer} (full, {@link #answerLength()} bytes) is the right answer to {@code request}. */
    abstract boolean answered(ByteBuffer request, ByteBuffer answer);

    /** The request the HTTP client sends (a class of its own: enum constants are built before the enum's static fields). */
    private static final class HttpRequest {
        static final byte[] GET = "GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    }
}
