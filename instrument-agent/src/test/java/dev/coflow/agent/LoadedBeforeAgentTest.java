package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coflow.rewriter.report.Reporter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.example.plain.Greeter;
import org.example.plain.LoggingGreeter;
import org.junit.jupiter.api.Test;

/**
 * Catalogue 75, in process: what {@code agentmain} makes of the classes loaded before it (the whole attach runs in
 * {@code AgentProcessIT.selfAttach_…}). Only classes that declare {@code @Coroutine} methods are named; platform
 * classes, arrays, coflow's own and excluded classes are not looked at.
 */
class LoadedBeforeAgentTest {

    @Test
    void reportLoadedBefore_namesTheClassesThatDeclareCoroutineMethods() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Reporter reporter = new Reporter(new PrintStream(out, true, StandardCharsets.UTF_8), false);
        Class<?>[] loaded = {String.class, int[].class, LoggingGreeter.class, Greeter.class, CoroutineAgent.class};

        List<String> named = CoroutineAgent.reportLoadedBefore(loaded, AgentOptions.parse(null), reporter);

        assertEquals(List.of("org.example.plain.Greeter"), named);
        assertEquals("[coflow] WARNING 1 class with @Coroutine methods loaded before the agent was attached will not be"
                + " rewritten, and a yield in them fails: org.example.plain.Greeter. Fix: attach the"
                + " agent at start-up with -javaagent:instrument-agent.jar instead of at run time.",
                out.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void reportLoadedBefore_skipsExcludedClasses_andSaysNothingWhenNoneIsLeft() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Reporter reporter = new Reporter(new PrintStream(out, true, StandardCharsets.UTF_8), false);

        List<String> named = CoroutineAgent.reportLoadedBefore(new Class<?>[] {Greeter.class}, AgentOptions.parse("exclude=org.example"),
                reporter);

        assertEquals(List.of(), named);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }
}
