package dev.coflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.Coroutine;
import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Stack traces of exceptions thrown after a resume: only the innermost frame is on the thread's
 * stack then, yet the trace must show every logical caller with the line it is suspended at, as
 * Python's traceback through a generator chain does.
 */
class StackTracesIT {

    private static final Set<String> CHAIN = Set.of("outerLevel", "middleLevel", "innerLevel");

    /** Lines recorded by the chain: outer's call, middle's call, inner's throw. */
    @Coroutine
    static void outerLevel(List<Integer> lines) {
        lines.add(SourceLines.here()); middleLevel(lines);
    }

    @Coroutine
    static void middleLevel(List<Integer> lines) {
        lines.add(SourceLines.here()); innerLevel(lines);
    }

    @Coroutine
    static void innerLevel(List<Integer> lines) {
        Coroutines.yield("suspended three deep");
        lines.add(SourceLines.here()); throw new IllegalStateException("thrown after resume");
    }

    @Coroutine
    static void catchesAndRethrows(List<Integer> lines) {
        try {
            middleLevel(lines);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("wrapped", e);
        }
    }

    static class Parser {
        @Coroutine
        String token(String s) {
            if (s.isEmpty()) {
                Coroutines.yield("empty");
            }
            throw new IllegalStateException("token " + s);
        }
    }

    static class PlainParser extends Parser {
        @Override
        String token(String s) {
            throw new IllegalStateException("plain token " + s);
        }
    }

    @Coroutine
    static void readsAfterResume(Parser p) {
        Coroutines.yield("first");
        String t = p.token("x");
        Coroutines.yield(t);
    }

    /**
     * A resumed frame's fresh call of another class's method goes through that class's virtual entry, which runs the
     * body or, for a plain override, calls the method: the trace shows the callee right above the caller, as plain
     * Java does, not the entry ({@code coflow$call$token}) in between.
     */
    @Test
    void next_freshCallThroughAnEntryAfterResumeThrows_traceHasNoEntryFrame() {
        for (Parser p : List.of(new Parser(), new PlainParser())) {
            CoroutineHandle<Object, Object> c = Coroutines.start(() -> readsAfterResume(p));

            IllegalStateException failure = assertThrows(IllegalStateException.class, c::next);

            List<String> methods = Arrays.stream(failure.getStackTrace()).map(StackTraceElement::getMethodName).collect(Collectors.toList());
            assertEquals(List.of("token", "readsAfterResume"), methods.subList(0, 2), methods.toString());
            assertEquals(p.getClass().getName(), failure.getStackTrace()[0].getClassName());
            assertTrue(methods.stream().noneMatch(m -> m.startsWith("coflow$call$")), methods.toString());
        }
    }

    private static List<String> chainFrames(Throwable t) {
        return Arrays.stream(t.getStackTrace())
                .filter(e -> e.getClassName().equals(StackTracesIT.class.getName()) && CHAIN.contains(e.getMethodName()))
                .map(e -> e.getMethodName() + ":" + e.getLineNumber())
                .collect(Collectors.toList());
    }

    @Test
    void next_exceptionThrownAfterResumeThreeDeep_traceShowsEveryLogicalCallerWithItsLine() {
        List<Integer> lines = new ArrayList<>();
        CoroutineHandle<Object, Object> c = Coroutines.start(() -> outerLevel(lines));

        IllegalStateException failure = assertThrows(IllegalStateException.class, c::next);

        assertEquals(List.of("innerLevel:" + lines.get(2), "middleLevel:" + lines.get(1), "outerLevel:" + lines.get(0)),
                chainFrames(failure));
        StackTraceElement top = failure.getStackTrace()[0];
        assertEquals("innerLevel", top.getMethodName());
        assertEquals(StackTracesIT.class.getSimpleName() + ".java", top.getFileName());
    }

    @Test
    void next_exceptionThrownAfterResume_traceHasNoResumeAdaptersAndEndsInTheCallersStack() {
        CoroutineHandle<Object, Object> c = Coroutines.start(() -> outerLevel(new ArrayList<>()));

        IllegalStateException failure = assertThrows(IllegalStateException.class, c::next);

        List<String> methods = Arrays.stream(failure.getStackTrace()).map(StackTraceElement::getMethodName).collect(Collectors.toList());
        assertTrue(methods.stream().noneMatch(m -> m.startsWith("coflow$resume$")), methods.toString());
        int outer = methods.indexOf("outerLevel");
        // the lambda only forwards to outerLevel, so it keeps no frame (docs/design.md) and is not a logical caller
        assertTrue(methods.subList(outer, methods.indexOf("runFrames")).stream().noneMatch(m -> m.startsWith("lambda$")), methods.toString());
        assertTrue(methods.indexOf("next_exceptionThrownAfterResume_traceHasNoResumeAdaptersAndEndsInTheCallersStack") > outer,
                "the test method that called next() is still at the bottom: " + methods);
    }

    @Test
    void next_exceptionWrappedByALogicalCaller_causeKeepsTheFullChain() {
        List<Integer> lines = new ArrayList<>();
        CoroutineHandle<Object, Object> c = Coroutines.start(() -> catchesAndRethrows(lines));

        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, c::next);

        Throwable cause = failure.getCause();
        assertSame(IllegalStateException.class, cause.getClass());
        assertEquals(List.of("innerLevel:" + lines.get(1), "middleLevel:" + lines.get(0)), chainFrames(cause));
        assertEquals("catchesAndRethrows", failure.getStackTrace()[0].getMethodName());
    }

    private static int indexOf(List<String> list, java.util.function.Predicate<String> p) {
        for (int i = 0; i < list.size(); i++) {
            if (p.test(list.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
