package dev.coflow.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.loop.readme.EchoServer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The echo server in loop/README.md is {@code readme/EchoServer.java} word for word, and it serves. */
class ReadmeTest {
    @Test
    void readme_showsTheEchoServerAsItIsInTheTests() throws IOException {
        String source = Files.readString(Path.of("src/test/java/dev/coflow/loop/readme/EchoServer.java"));
        String withoutPackage = source.substring(source.indexOf("import "));
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains("```java\n" + withoutPackage + "```\n"),
                "loop/README.md must show readme/EchoServer.java (from its first import) in a java block");
    }

    @Test
    void echoServer_echoesEveryClientOnOneThread() {
        try (EventLoop loop = EventLoop.builder().build()) {
            List<String> replies = loop.run(() -> {
                TcpListener listener = TcpListener.loopback(0);
                Task<Void> server = Async.spawn(() -> EchoServer.serve(listener));
                List<Task<String>> clients = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    String message = "hello " + i + "\n";
                    clients.add(Async.spawn(() -> {
                        try (TcpConnection conn = TcpConnection.connect(listener.localAddress())) {
                            conn.write(ByteBuffer.wrap(message.getBytes(StandardCharsets.US_ASCII)));
                            conn.shutdownOutput();
                            ByteBuffer in = ByteBuffer.allocate(64);
                            while (conn.read(in) >= 0) {
                                // until the server closes its side
                            }
                            in.flip();
                            return StandardCharsets.US_ASCII.decode(in).toString();
                        }
                    }));
                }
                List<String> got = new ArrayList<>();
                for (Task<String> client : clients) {
                    got.add(client.join());
                }
                server.cancel();
                return got;
            });
            assertEquals(20, replies.size());
            for (int i = 0; i < 20; i++) {
                assertEquals("hello " + i + "\n", replies.get(i));
            }
        }
    }
}
