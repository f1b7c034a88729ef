package dev.coflow.loop.readme;

import dev.coflow.Coroutine;
import dev.coflow.loop.Async;
import dev.coflow.loop.EventLoop;
import dev.coflow.loop.TcpConnection;
import dev.coflow.loop.TcpListener;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

public class EchoServer {
    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 7007;
        try (EventLoop loop = EventLoop.builder().build()) {
            loop.run(() -> serve(TcpListener.loopback(port)));
        }
    }

    @Coroutine
    public static Void serve(TcpListener listener) {
        System.out.println("echo server on " + listener.localAddress());
        try (listener) {
            while (true) {
                TcpConnection conn = listener.accept();   // suspends this task until a client connects
                Async.spawn(() -> echo(conn));            // a task per connection, all on this one thread
            }
        }
    }

    @Coroutine
    static Void echo(TcpConnection conn) {
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        try (conn) {
            while (conn.read(buffer) >= 0) {              // suspends until bytes arrive; -1 at the end
                buffer.flip();
                conn.write(buffer);                       // suspends while the client reads slowly
                buffer.clear();
            }
        } catch (UncheckedIOException reset) {
            // the client vanished; the connection is closed all the same
        }
        return null;
    }
}
