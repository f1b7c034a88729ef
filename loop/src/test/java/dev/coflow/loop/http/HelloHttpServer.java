package dev.coflow.loop.http;

import dev.coflow.Coroutine;
import dev.coflow.loop.Async;
import dev.coflow.loop.TcpConnection;
import dev.coflow.loop.TcpListener;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * The HTTP/1.1 "hello" server on coflow's loop: a task per connection, each reading request heads into
 * a buffer of its own and answering every one with {@link HelloHttp}'s fixed response, keeping the
 * connection until the client closes it or asks to. The benchmark's {@code HttpServers} runs it.
 */
public final class HelloHttpServer {
    /** The bytes a connection's buffer holds: the longest request head it accepts. */
    public static final int BUFFER = 1024;

    private HelloHttpServer() {
    }

    @Coroutine
    public static Void serve(TcpListener listener) {
        try (listener) {
            while (true) {
                TcpConnection conn = listener.accept();
                Async.spawn(() -> handle(conn));
            }
        }
    }

    /** Serves one connection until either side ends it; closes it. */
    @Coroutine
    public static Void handle(TcpConnection conn) {
        RequestHeads heads = new RequestHeads(BUFFER);
        try (conn) {
            while (true) {
                byte[] answer = heads.next();
                if (answer == null) {
                    if (conn.read(heads.buffer()) < 0) {
                        return null;                                  // the client closed
                    }
                    continue;
                }
                conn.write(ByteBuffer.wrap(answer));
                if (HelloHttp.closes(answer)) {
                    return null;
                }
            }
        } catch (UncheckedIOException reset) {
            return null;                                              // the client vanished
        }
    }
}
