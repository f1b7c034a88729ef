package dev.coflow.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs {@code samples/run echo-server}: with a small load client, whose own check must pass and whose
 * figures are parsed (the port and the timing vary, so there is no expected file); and as a plain
 * server, talked to over a socket.
 */
class EchoServerSampleIT {
    private final SampleProcess samples = new SampleProcess();

    @TempDir
    Path temp;

    @Test
    void clients200_everyMessageComesBack_andOneThreadRanEveryConnection() {
        SampleProcess.Result r = samples.run(temp, 60, samples.runScript.toString(), "echo-server", "--clients", "200");
        assertEquals(0, r.exit(), r::describe);
        assertEquals("", r.stderr(), r::describe);
        List<String> lines = r.stdout().lines().toList();
        assertEquals(6, lines.size(), r::describe);

        Matcher header = match("echo server on 127\\.0\\.0\\.1:(\\d+); load client: 200 connections, 10 messages each", lines.get(0));
        int port = Integer.parseInt(header.group(1));
        assertTrue(port > 0 && port < 65536, r::describe);

        Matcher connections = match("connections: (\\d+) opened by the client, (\\d+) accepted by the server, (\\d+) open at once, (\\d+) closed",
                lines.get(1));
        for (int group = 1; group <= 4; group++) {
            assertEquals(200, Integer.parseInt(connections.group(group)), r::describe);
        }

        Matcher messages = match("messages: (\\d+) sent, (\\d+) echoed back intact, (\\d+) wrong or missing, of (\\d+)", lines.get(2));
        assertEquals(2000, Integer.parseInt(messages.group(1)), r::describe);
        assertEquals(2000, Integer.parseInt(messages.group(2)), r::describe);
        assertEquals(0, Integer.parseInt(messages.group(3)), r::describe);
        assertEquals(2000, Integer.parseInt(messages.group(4)), r::describe);

        // Timing: checked for shape and consistency, not value.
        Matcher time = match("time: (\\d+\\.\\d{3}) s, (\\d+) messages per second \\(round trips, one in flight per connection\\)",
                lines.get(3));
        double seconds = Double.parseDouble(time.group(1));
        long rate = Long.parseLong(time.group(2));
        assertTrue(seconds > 0 && seconds < 30, r::describe);
        assertTrue(rate > 0, r::describe);
        assertTrue(Math.abs(2000.0 / rate - seconds) <= 0.0005 + seconds * 0.01, () -> "the rate is 2000 messages over the time printed\n" + r.describe());

        Matcher threads = match("threads: the server ran its (\\d+) connection coroutines on (\\d+) thread \\[([^\\]]*)\\];"
                + " the client ran its (\\d+) on (\\d+) thread \\[([^\\]]*)\\]", lines.get(4));
        assertEquals(200, Integer.parseInt(threads.group(1)), r::describe);
        assertEquals(1, Integer.parseInt(threads.group(2)), r::describe);
        assertEquals("echo-server-scheduler", threads.group(3), r::describe);
        assertEquals(200, Integer.parseInt(threads.group(4)), r::describe);
        assertEquals(1, Integer.parseInt(threads.group(5)), r::describe);
        assertEquals("echo-client-scheduler", threads.group(6), r::describe);

        assertEquals("ok: every message came back intact", lines.get(5), r::describe);
    }

    @Test
    void clients_withTheVerifierAndStrictMode_alsoPasses() {
        SampleProcess.Result r = samples.run(temp, 60, SampleProcess.java(), "-Xverify:all",
                "-javaagent:" + samples.agentJar + "=verify=true,strict=true", "-jar", samples.samplesJar.toString(),
                "echo-server", "--clients", "50", "--messages", "3");
        assertEquals(0, r.exit(), r::describe);
        assertEquals("", r.stderr(), r::describe);
        assertTrue(r.stdout().contains("\nmessages: 150 sent, 150 echoed back intact, 0 wrong or missing, of 150\n"), r::describe);
        assertTrue(r.stdout().contains(" connection coroutines on 1 thread [echo-server-scheduler];"), r::describe);
        assertTrue(r.stdout().endsWith("\nok: every message came back intact\n"), r::describe);
    }

    @Test
    void withoutClients_servesUntilStopped() throws Exception {
        Process process = new ProcessBuilder(samples.runScript.toString(), "echo-server")
                .directory(temp.toFile())
                .redirectError(temp.resolve("stderr.txt").toFile())
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            assertTrue(first != null, "printed its address");
            Matcher m = match("echo server listening on 127\\.0\\.0\\.1:(\\d+); stop it with Ctrl-C", first);
            int port = Integer.parseInt(m.group(1));
            for (int round = 0; round < 2; round++) { // two connections, one after the other
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    socket.setSoTimeout(10_000);
                    OutputStream os = socket.getOutputStream();
                    BufferedReader echo = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                    os.write(("hello " + round + "\n").getBytes(StandardCharsets.UTF_8));
                    os.flush();
                    assertEquals("hello " + round, echo.readLine());
                    os.write("naïve café\n".getBytes(StandardCharsets.UTF_8));
                    os.flush();
                    assertEquals("naïve café", echo.readLine());
                }
            }
            assertTrue(process.isAlive(), "still serving");
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"--clients 0", "--clients many", "--clients 10001", "--messages", "--messages 0", "--port 70000", "--verbose"})
    void badArguments_printUsageAndExitTwo(String arguments) {
        List<String> command = new java.util.ArrayList<>(List.of(samples.runScript.toString(), "echo-server"));
        command.addAll(List.of(arguments.split(" ")));
        SampleProcess.Result r = samples.run(temp, 60, command.toArray(String[]::new));
        assertEquals(2, r.exit(), r::describe);
        assertEquals("", r.stdout(), r::describe);
        List<String> lines = r.stderr().lines().toList();
        assertEquals(2, lines.size(), r::describe);
        assertTrue(lines.get(0).startsWith("echo-server: "), r::describe);
        assertEquals("usage: samples/run echo-server [--port P] [--clients [N]] [--messages M]", lines.get(1), r::describe);
    }

    private static Matcher match(String regex, String line) {
        Matcher m = Pattern.compile(regex).matcher(line);
        if (!m.matches()) {
            fail("line does not match " + regex + ":\n" + line);
        }
        return m;
    }
}
