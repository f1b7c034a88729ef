package dev.coflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coflow.Coroutine;
import dev.coflow.CoroutineHandle;
import dev.coflow.CoroutineState;
import dev.coflow.Coroutines;
import dev.coflow.GeneratorExit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * David Beazley's coroutine pipelines ("A Curious Course on Coroutines and Concurrency"): data is
 * pushed in with {@code send}, filters pass it on to their targets, sinks collect it.
 */
class PipelinesIT {

    /** Sink: collects every line sent in; says goodbye when closed. */
    @Coroutine
    static void printer(List<String> out) {
        try {
            while (true) {
                String line = Coroutines.yield();
                out.add(line);
            }
        } catch (GeneratorExit e) {
            out.add("printer: Going away. Goodbye");
        }
    }

    /** Filter: passes on the lines that contain {@code pattern}; closing it closes its target. */
    @Coroutine
    static void grep(String pattern, CoroutineHandle<String, ?> target) {
        try {
            while (true) {
                String line = Coroutines.yield();
                if (line.contains(pattern)) {
                    target.send(line);
                }
            }
        } finally {
            target.close();
        }
    }

    /** Sends every item to every target. */
    @Coroutine
    static void broadcast(List<CoroutineHandle<String, ?>> targets) {
        while (true) {
            String item = Coroutines.yield();
            for (CoroutineHandle<String, ?> target : targets) {
                target.send(item);
            }
        }
    }

    /** The source: not a coroutine, it drives the pipeline and closes it at the end. */
    static void follow(List<String> lines, CoroutineHandle<String, ?> target) {
        for (String line : lines) {
            target.send(line);
        }
        target.close();
    }

    private static final List<String> LOG = List.of(
            "Yeah, but no, but yeah, but no",
            "A series of tubes",
            "python generators rock!",
            "ply is a python lex/yacc",
            "swig wraps C for python");

    @Test
    void grep_withTarget_sendsOnlyMatchingLinesToTheTarget() {
        List<String> out = new ArrayList<>();
        CoroutineHandle<String, ?> sink = Coroutines.start(() -> printer(out));
        CoroutineHandle<String, ?> grep = Coroutines.start(() -> grep("python", sink));

        for (String line : LOG) {
            grep.send(line);
        }

        assertEquals(List.of("python generators rock!", "ply is a python lex/yacc", "swig wraps C for python"), out);
    }

    @Test
    void follow_closingTheFirstStage_closesTheWholePipeline() {
        List<String> out = new ArrayList<>();
        CoroutineHandle<String, ?> sink = Coroutines.start(() -> printer(out));
        CoroutineHandle<String, ?> grep = Coroutines.start(() -> grep("series", sink));

        follow(LOG, grep);

        assertEquals(List.of("A series of tubes", "printer: Going away. Goodbye"), out);
        assertEquals(CoroutineState.CLOSED, grep.state());
        assertEquals(CoroutineState.CLOSED, sink.state());
    }

    @Test
    void broadcast_sendsEachItemToEveryTarget() {
        List<String> python = new ArrayList<>();
        List<String> ply = new ArrayList<>();
        List<String> swig = new ArrayList<>();
        CoroutineHandle<String, ?> branches = Coroutines.start(() -> broadcast(List.of(
                Coroutines.start(() -> grep("python", Coroutines.start(() -> printer(python)))),
                Coroutines.start(() -> grep("ply", Coroutines.start(() -> printer(ply)))),
                Coroutines.start(() -> grep("swig", Coroutines.start(() -> printer(swig)))))));

        follow(LOG, branches);

        assertEquals(List.of("python generators rock!", "ply is a python lex/yacc", "swig wraps C for python"), python);
        assertEquals(List.of("ply is a python lex/yacc"), ply);
        assertEquals(List.of("swig wraps C for python"), swig);
    }

    @Test
    void broadcast_toTheSameSinkThroughTwoFilters_deliversInSendOrder() {
        List<String> out = new ArrayList<>();
        CoroutineHandle<String, ?> sink = Coroutines.start(() -> printer(out));
        CoroutineHandle<String, ?> branches = Coroutines.start(() -> broadcast(List.of(
                Coroutines.start(() -> grep("python", sink)),
                Coroutines.start(() -> grep("ply", sink)))));

        for (String line : LOG) {
            branches.send(line);
        }

        assertEquals(List.of("python generators rock!", "ply is a python lex/yacc", "ply is a python lex/yacc",
                "swig wraps C for python"), out);
    }
}
