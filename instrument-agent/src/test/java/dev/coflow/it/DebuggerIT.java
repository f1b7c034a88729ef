package dev.coflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jdi.AbsentInformationException;
import com.sun.jdi.Bootstrap;
import com.sun.jdi.IncompatibleThreadStateException;
import com.sun.jdi.IntegerValue;
import com.sun.jdi.Location;
import com.sun.jdi.LongValue;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.StackFrame;
import com.sun.jdi.StringReference;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.Value;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.connect.ListeningConnector;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.ClassPrepareEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.event.LocatableEvent;
import com.sun.jdi.event.StepEvent;
import com.sun.jdi.event.VMDeathEvent;
import com.sun.jdi.event.VMDisconnectEvent;
import com.sun.jdi.request.BreakpointRequest;
import com.sun.jdi.request.ClassPrepareRequest;
import com.sun.jdi.request.EventRequest;
import com.sun.jdi.request.StepRequest;
import dev.coflow.it.programs.debuggee.Chain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A debugger's view of rewritten code: the program {@code programs.debuggee.Chain} runs in a child JVM
 * with the agent, under JDI (as jdb and the IDEs drive it), and stops at lines marked
 * {@code // @bp:NAME} in its source.
 *
 * <p>Breakpoints are set the way IDEs set them, at every location of the line, and each stop is
 * checked to be the first location of the line too, the only one jdb sets. Each marked line must be
 * stopped at once per execution, in the user's method, however it was called (from its own class,
 * which calls the body directly; from another class, through the bridge; from a generator's lambda).
 * Variables shown must have their values; variables not saved across a yield must be absent after the
 * resume (not {@code 0}); every frame of the program's classes must have a source and a line.
 */
class DebuggerIT {
    private static final String PACKAGE = Chain.class.getPackageName();
    private static final Pattern MARK = Pattern.compile("// @bp:([\\w.]+)");

    @TempDir
    Path temp;

    /** A variable the debugger does not show at that point. */
    private static final Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "ABSENT";
        }
    };

    /** One frame as the debugger shows it. */
    record Shown(String type, String method, String source, int line) {
        @Override
        public String toString() {
            return type.substring(type.lastIndexOf('.') + 1) + "." + method + "(" + source + ":" + line + ")";
        }
    }

    /**
     * One stop: at a mark (or where a step ended), the visible variables and the thread's frames.
     *
     * @param atFirstLocation   whether the stop is at the first location of its line, the only one jdb sets a breakpoint at
     * @param afterFreshBodys   whether it is not, because it is in a method's resume body and the line's first location is
     *                          in the same method's fresh body (which comes first in the class): the line runs both on a
     *                          fresh call and after a resume
     */
    record Stop(String mark, String method, int line, boolean atFirstLocation, boolean afterFreshBodys, Map<String, Object> variables,
                List<Shown> frames) {
        Object variable(String name) {
            return variables.getOrDefault(name, ABSENT);
        }

        @Override
        public String toString() {
            return "\n" + mark + " in " + method + ":" + line + " " + variables + " " + frames;
        }
    }

    /** The program's sources: {@code target/test-classes/../../src/test/java/...}. */
    private static Path sources() {
        try {
            Path testClasses = Path.of(Chain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return testClasses.getParent().getParent().resolve(Path.of("src", "test", "java", PACKAGE.replace('.', '/')));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Marked lines of the program's sources: {@code NAME -> (file, line)}. */
    private static Map<String, Map.Entry<String, Integer>> marks() throws IOException {
        Map<String, Map.Entry<String, Integer>> marks = new LinkedHashMap<>();
        Path sources = sources();
        for (String file : List.of("Chain.java", "Other.java")) {
            Path source = sources.resolve(file);
            assertTrue(Files.isRegularFile(source), "the program's source is not at " + source);
            List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = MARK.matcher(lines.get(i));
                if (m.find()) {
                    marks.put(m.group(1), Map.entry(file, i + 1));
                }
            }
        }
        return marks;
    }

    private static int line(String mark) throws IOException {
        return marks().get(mark).getValue();
    }

    /**
     * Runs the program under the debugger with breakpoints at {@code breakAt}; at a stop whose mark is
     * in {@code stepsAt} it makes the steps listed (JDI {@code STEP_LINE} steps of depth {@code STEP_OVER} or
     * {@code STEP_INTO}), one after the other, and records where each ended as a stop named
     * {@code "step:" + mark} (or {@code "step:?"} off the marks).
     */
    private List<Stop> debug(Set<String> breakAt, Map<String, List<Integer>> stepsAt) throws Exception {
        Map<String, Map.Entry<String, Integer>> marks = marks();
        Map<String, String> byLine = new HashMap<>();
        marks.forEach((name, at) -> byLine.put(at.getKey() + ":" + at.getValue(), name));

        ListeningConnector connector = Bootstrap.virtualMachineManager().listeningConnectors().stream()
                .filter(c -> c.name().equals("com.sun.jdi.SocketListen")).findFirst().orElseThrow();
        Map<String, Connector.Argument> arguments = connector.defaultArguments();
        arguments.get("port").setValue("0");
        arguments.get("localAddress").setValue("127.0.0.1");
        arguments.get("timeout").setValue("60000");
        String address = connector.startListening(arguments);
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xverify:all",
                "-agentlib:jdwp=transport=dt_socket,server=n,suspend=y,address=" + address,
                "-javaagent:" + AgentJarIT.agentJar() + "=verify=true,strict=true",
                "-cp", System.getProperty("java.class.path"),
                Chain.class.getName());
        Path out = temp.resolve("stdout.txt");
        Path err = temp.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        VirtualMachine vm;
        try {
            vm = connector.accept(arguments);
        } finally {
            connector.stopListening(arguments);
        }
        List<Stop> stops = new ArrayList<>();
        Map<Location, String> firstLocation = new HashMap<>();
        List<Integer> steps = List.of();
        int stepsMade = 0;
        try {
            ClassPrepareRequest prepare = vm.eventRequestManager().createClassPrepareRequest();
            prepare.addClassFilter(PACKAGE + ".*");
            prepare.setSuspendPolicy(EventRequest.SUSPEND_ALL);
            prepare.enable();
            vm.resume();
            boolean running = true;
            while (running) {
                EventSet events = vm.eventQueue().remove(60_000);
                assertNotNull(events, "the debuggee stopped sending events; stops so far: " + stops);
                for (Event event : events) {
                    if (event instanceof ClassPrepareEvent prepared) {
                        ReferenceType type = prepared.referenceType();
                        for (String mark : breakAt) {
                            Map.Entry<String, Integer> at = marks.get(mark);
                            if (!type.name().equals(PACKAGE + "." + at.getKey().replace(".java", ""))) {
                                continue; // the other class, or a lambda's hidden class
                            }
                            List<Location> locations = type.locationsOfLine(at.getValue());
                            assertFalse(locations.isEmpty(), "no code on the line of " + mark);
                            firstLocation.put(locations.get(0), mark);
                            for (Location location : locations) {
                                BreakpointRequest request = vm.eventRequestManager().createBreakpointRequest(location);
                                request.setSuspendPolicy(EventRequest.SUSPEND_ALL);
                                request.enable();
                            }
                        }
                    } else if (event instanceof BreakpointEvent hit) {
                        String mark = byLine.getOrDefault(hit.location().sourceName() + ":" + hit.location().lineNumber(), "?");
                        Location first = firstLocation.entrySet().stream().filter(e -> e.getValue().equals(mark)).map(Map.Entry::getKey)
                                .findFirst().orElse(null);
                        boolean afterFresh = first != null && !first.equals(hit.location()) && isResumeBody(hit.location().method())
                                && first.method().name().equals(hit.location().method().name()) && isFreshBody(first.method());
                        stops.add(stop(mark, hit, firstLocation.containsKey(hit.location()), afterFresh));
                        steps = stepsAt.getOrDefault(mark, List.of());
                        stepsMade = 0;
                        if (!steps.isEmpty()) {
                            step(vm, hit.thread(), steps.get(stepsMade++));
                        }
                    } else if (event instanceof StepEvent step) {
                        Location at = step.location();
                        String mark;
                        try {
                            mark = byLine.getOrDefault(at.sourceName() + ":" + at.lineNumber(), "?");
                        } catch (AbsentInformationException e) {
                            mark = "?";
                        }
                        stops.add(stop("step:" + mark, step, false));
                        vm.eventRequestManager().deleteEventRequest(step.request());
                        if (stepsMade < steps.size()) {
                            step(vm, step.thread(), steps.get(stepsMade++));
                        }
                    } else if (event instanceof VMDeathEvent || event instanceof VMDisconnectEvent) {
                        running = false;
                    }
                }
                if (running) {
                    events.resume();
                }
            }
        } finally {
            try {
                vm.dispose();
            } catch (RuntimeException ignored) {
                // already gone
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        assertEquals(0, process.exitValue(), Files.readString(err));
        assertTrue(Files.readString(out).endsWith("done\n"), Files.readString(out) + Files.readString(err));
        return stops;
    }

    private static void step(VirtualMachine vm, ThreadReference thread, int depth) {
        // a step that ended on a breakpoint with a step of its own: one step request per thread
        vm.eventRequestManager().deleteEventRequests(vm.eventRequestManager().stepRequests());
        StepRequest step = vm.eventRequestManager().createStepRequest(thread, StepRequest.STEP_LINE, depth);
        // as debugging.md recommends: no stepping into the calls the rewriter adds (Suspension.arm, enter, ...),
        // and, as IDEs do by default, none into the JDK
        for (String excluded : List.of("dev.coflow.runtime.*", "java.*", "jdk.*", "sun.*")) {
            step.addClassExclusionFilter(excluded);
        }
        step.addCountFilter(1);
        step.setSuspendPolicy(EventRequest.SUSPEND_ALL);
        step.enable();
    }

    private static boolean isFreshBody(com.sun.jdi.Method m) {
        return m.signature().contains("Ldev/coflow/runtime/Context;)");
    }

    private static boolean isResumeBody(com.sun.jdi.Method m) {
        return m.signature().contains("Ldev/coflow/runtime/Context;Ldev/coflow/runtime/Frame;Ljava/lang/Object;)");
    }

    private static Stop stop(String mark, LocatableEvent event, boolean atFirstLocation) throws IncompatibleThreadStateException {
        return stop(mark, event, atFirstLocation, false);
    }

    private static Stop stop(String mark, LocatableEvent event, boolean atFirstLocation, boolean afterFreshBodys)
            throws IncompatibleThreadStateException {
        ThreadReference thread = event.thread();
        StackFrame top = thread.frame(0);
        Map<String, Object> variables = new LinkedHashMap<>();
        try {
            for (com.sun.jdi.LocalVariable v : top.visibleVariables()) {
                try {
                    variables.put(v.name(), plain(top.getValue(v)));
                } catch (com.sun.jdi.InternalException e) {
                    // the table names the variable where its slot holds no value of its type (JDWP INVALID_SLOT)
                    variables.put(v.name(), "unreadable: " + e.getMessage());
                }
            }
        } catch (AbsentInformationException e) {
            variables.put("<no local variable table>", true);
        }
        List<Shown> frames = new ArrayList<>();
        for (StackFrame f : thread.frames()) {
            Location at = f.location();
            String source;
            try {
                source = at.sourceName();
            } catch (AbsentInformationException e) {
                source = null;
            }
            frames.add(new Shown(at.declaringType().name(), at.method().name(), source, at.lineNumber()));
        }
        return new Stop(mark, event.location().method().name(), event.location().lineNumber(), atFirstLocation, afterFreshBodys, variables,
                frames);
    }

    private static Object plain(Value value) {
        if (value == null) {
            return null;
        }
        if (value instanceof IntegerValue i) {
            return i.value();
        }
        if (value instanceof LongValue l) {
            return l.value();
        }
        if (value instanceof StringReference s) {
            return s.value();
        }
        if (value instanceof ObjectReference o) {
            return o.referenceType().name();
        }
        return value.toString();
    }

    private static List<String> marksOf(List<Stop> stops) {
        return stops.stream().map(Stop::mark).toList();
    }

    private static Stop only(List<Stop> stops, String mark, int occurrence) {
        return stops.stream().filter(s -> s.mark().equals(mark)).skip(occurrence).findFirst()
                .orElseThrow(() -> new AssertionError(mark + " #" + occurrence + " not stopped at: " + marksOf(stops)));
    }

    private static final int OVER = StepRequest.STEP_OVER;
    private static final int INTO = StepRequest.STEP_INTO;

    private static final Set<String> ALL_MARKS = Set.of("top.before", "top.yield", "top.after", "top.quick", "top.call", "top.return",
            "middle.before", "middle.call", "middle.after", "bottom.before", "bottom.yield", "bottom.after", "bottom.yield2",
            "bottom.return", "maybe.return", "viaOther.call", "viaOther.return", "main.print",
            // lines with no code of their own: a breakpoint there never stops
            "middle.declaration", "bottom.declaration");

    @Test
    void breakpoints_everyMarkedLine_stopsOnceEachTimeItRunsInTheUsersMethodHoweverCalled() throws Exception {
        assertEquals(ALL_MARKS, marks().keySet(), "the marks of the program");

        List<Stop> stops = debug(ALL_MARKS, Map.of());

        assertEquals(List.of(
                        // first generator: top from its lambda, middle from top (own class: the body, directly), bottom from middle (other class)
                        "top.before", "top.yield", "main.print", "top.after", "top.quick", "maybe.return", "top.call",
                        "middle.before", "middle.call", "bottom.before", "bottom.yield", "main.print", "bottom.after",
                        "bottom.yield2", "main.print", "bottom.return", "middle.after", "top.return",
                        // second generator (its loop prints on a line not marked): middle from another class, through its bridge
                        "viaOther.call", "middle.before", "middle.call", "bottom.before", "bottom.yield",
                        "bottom.after", "bottom.yield2", "bottom.return", "middle.after", "viaOther.return"),
                marksOf(stops));
        for (Stop s : stops) {
            String method = s.mark().substring(0, s.mark().indexOf('.'));
            assertEquals(method, s.method(), s.mark() + " stopped in another method");
            assertEquals(line(s.mark()), s.line(), s.mark());
            // jdb sets a breakpoint at a line's first location only: a line that runs both on a fresh call and after a resume
            // is in the fresh body first, so jdb stops there on fresh calls only (IDEs set every location; debugging.md)
            assertTrue(s.atFirstLocation() || s.afterFreshBodys(), s.mark() + ": not at the line's first location, the only one jdb sets a"
                    + " breakpoint at, and not where the fresh body comes first");
        }
    }

    @Test
    void variables_shownWithTheirValues_andThoseNotSavedAcrossAYieldAreAbsentAfterTheResume() throws Exception {
        List<Stop> stops = debug(ALL_MARKS, Map.of());

        // before the first yield: parameters; a local only once assigned
        Stop topBefore = only(stops, "top.before", 0);
        assertEquals(Map.of("a", 5, "label", "t"), topBefore.variables());
        assertEquals(Map.of("a", 5, "label", "t", "before", 10), only(stops, "top.yield", 0).variables());
        // after the resume: before was live and restored; a and label are dead there and were not saved
        Stop topAfter = only(stops, "top.after", 0);
        assertEquals(Map.of("before", 10), topAfter.variables());
        assertEquals(ABSENT, topAfter.variable("a"));
        assertEquals(Map.of("before", 10, "afterTop", 11), only(stops, "top.quick", 0).variables());
        // afterTop is dead after the call to maybe, a suspension point: it is absent after it even though this call
        // did not suspend (the same code runs after a resume, where afterTop was not restored)
        assertEquals(Map.of("before", 10, "quick", 11), only(stops, "top.call", 0).variables());
        // after the call that suspended (bottom yielded twice): afterTop and quick were dead and are gone
        assertEquals(Map.of("before", 10, "r", 75), only(stops, "top.return", 0).variables());

        for (int run = 0; run < 2; run++) {
            int m = run == 0 ? 11 : 3;
            assertEquals(Map.of("m", m), only(stops, "middle.before", run).variables());
            assertEquals(Map.of("m", m, "mm", m + 10), only(stops, "middle.call", run).variables());
            assertEquals(Map.of("m", m, "got", 3 * (m + 10) + 1), only(stops, "middle.after", run).variables(), "mm must be absent");
            int x = m + 10;
            assertEquals(Map.of("x", x, "y", 7L), only(stops, "bottom.before", run).variables());
            assertEquals(Map.of("x", x, "y", 7L, "z", x + 7L), only(stops, "bottom.yield", run).variables());
            assertEquals(Map.of("x", x), only(stops, "bottom.after", run).variables(), "y and z were not saved");
            assertEquals(Map.of("x", x, "w", 3 * x), only(stops, "bottom.yield2", run).variables());
            assertEquals(Map.of("w", 3 * x), only(stops, "bottom.return", run).variables(), "x was not saved at the second yield");
        }
        assertEquals(Map.of("k", 3), only(stops, "viaOther.call", 0).variables());
        assertEquals(Map.of("r", 43), only(stops, "viaOther.return", 0).variables());
    }

    @Test
    void frames_everyFrameOfTheProgramsClassesHasItsSourceAndALine() throws Exception {
        List<Stop> stops = debug(ALL_MARKS, Map.of());

        for (Stop s : stops) {
            for (Shown f : s.frames()) {
                if (!f.type().startsWith(PACKAGE) || f.type().contains("$$Lambda") || f.type().contains("$coflow$Point/")) {
                    continue; // JDK and coflow runtime frames; the hidden classes of lambdas and resume points have no source
                }
                assertEquals(f.type().substring(PACKAGE.length() + 1).replaceAll("\\$.*", "") + ".java", f.source(), s.mark() + ": " + f);
                assertTrue(f.line() > 0, s.mark() + ": " + f + " in " + s.frames());
            }
        }
        // fresh descent from another class: bottom's static entry (a static call from another rewritten class goes
        // through it, by way of the JDK's method-handle frames), on bottom's first line, under bottom's body
        List<Shown> fresh = only(stops, "bottom.before", 0).frames().stream().filter(f -> f.type().startsWith(PACKAGE)).toList();
        assertEquals(new Shown(PACKAGE + ".Other", "bottom", "Other.java", line("bottom.before")), fresh.get(0));
        assertEquals(new Shown(PACKAGE + ".Other", "coflow$call$bottom", "Other.java", line("bottom.before")), fresh.get(1));
        assertEquals(new Shown(PACKAGE + ".Chain", "middle", "Chain.java", line("middle.call")), fresh.get(2));
        // own class: middle's body called by top's body directly, no bridge
        assertEquals(new Shown(PACKAGE + ".Chain", "top", "Chain.java", line("top.call")), fresh.get(3));
        // resumed: the runtime calls bottom's body through its resume adapter, which shows bottom's first line
        List<Shown> resumed = only(stops, "bottom.after", 0).frames();
        assertEquals(new Shown(PACKAGE + ".Other", "bottom", "Other.java", line("bottom.after")), resumed.get(0));
        assertTrue(resumed.get(1).method().startsWith("coflow$resume$"), resumed.toString());
        assertEquals(new Shown(PACKAGE + ".Other", resumed.get(1).method(), "Other.java", line("bottom.before")), resumed.get(1));
        // below the adapter, the hidden class of its resume point (no source), then the runtime's trampoline
        assertTrue(resumed.get(2).type().startsWith(PACKAGE + ".Other$coflow$Point/") && resumed.get(2).method().equals("resume"),
                resumed.toString());
    }

    /**
     * Step over is the JVM's: it ends on the next line of the same frame, or in the frame below when the
     * frame returns. A yield that suspends returns (the method goes on in a later frame, made by the
     * resume), so stepping over it ends in the frame below: the bridge when the caller is in another
     * class (shown as the same method on its first line), then the caller's call, which suspends too.
     * A call at a suspension point that does not suspend is stepped over like any call.
     */
    @Test
    void stepOver_aLineThatDoesNotSuspend_landsOnTheNextLine_aYieldThatSuspends_endsInTheFrameBelow() throws Exception {
        List<Stop> stops = debug(Set.of("top.before", "top.quick", "bottom.yield", "bottom.after"),
                Map.of("top.before", List.of(OVER), "top.quick", List.of(OVER), "bottom.yield", List.of(OVER, OVER),
                        "bottom.after", List.of(OVER)));

        // a plain line before a yield
        Stop beforeYield = stops.get(stops.indexOf(only(stops, "top.before", 0)) + 1);
        assertEquals("step:top.yield", beforeYield.mark(), stops.toString());
        assertEquals(Map.of("a", 5, "label", "t", "before", 10), beforeYield.variables());
        // a call at a suspension point whose callee returned without suspending: the next line of the same method
        Stop quick = stops.get(stops.indexOf(only(stops, "top.quick", 0)) + 1);
        assertEquals("step:top.call", quick.mark(), stops.toString());
        assertEquals("top", quick.method());
        assertEquals(11, quick.variable("quick"));
        // a yield that suspends: bottom's body returns, so the step ends in the frame below: bottom's static entry (the
        // call came from another class; on bottom's first line, with its parameters), not on a line of bottom's body
        // that has not run
        Stop atYield = only(stops, "bottom.yield", 0);
        int yieldAt = stops.indexOf(atYield);
        Stop inEntry = stops.get(yieldAt + 1);
        assertEquals("step:bottom.before", inEntry.mark(), stops.toString());
        assertEquals("coflow$call$bottom", inEntry.method());
        assertEquals(atYield.frames().subList(1, atYield.frames().size()), inEntry.frames(), "only bottom's body is gone");
        assertEquals(Map.of("x", 21, "y", 7L), inEntry.variables(), "the entry shows the method's parameters");
        // the next step ends in the caller, on the line of its call, which is suspending in turn
        Stop inCaller = stops.get(yieldAt + 2);
        assertEquals("step:middle.call", inCaller.mark(), stops.toString());
        assertEquals("middle", inCaller.method());
        int callerAt = atYield.frames().indexOf(atYield.frames().stream().filter(f -> f.method().equals("middle")).findFirst().orElseThrow());
        assertEquals(atYield.frames().subList(callerAt, atYield.frames().size()), inCaller.frames());
        // the line after the yield is reached by the resume, and stepping there goes on in bottom
        Stop after = stops.get(yieldAt + 3);
        assertEquals("bottom.after", after.mark(), stops.toString());
        Stop overAfter = stops.get(yieldAt + 4);
        assertEquals("step:bottom.yield2", overAfter.mark());
        assertEquals("bottom", overAfter.method());
        assertEquals(Map.of("x", 21, "w", 63), overAfter.variables());
    }

    /**
     * Step into a coroutine method (runtime classes filtered out, as debugging.md recommends) stops on its first line
     * with the parameters, as for a plain method: a fresh call runs the fresh body, which starts with the user's first
     * line (no dispatch before it). From another class the bridge comes first, shown on the first line with its own
     * parameters; the next step into reaches the body, on the same line.
     */
    @Test
    void stepInto_aCoroutineMethod_stopsOnItsFirstLineWithTheParameters() throws Exception {
        List<Stop> stops = debug(Set.of("top.call", "middle.call"),
                Map.of("top.call", List.of(INTO, OVER), "middle.call", List.of(INTO, INTO, OVER)));

        // own class: the body directly
        int ownCall = stops.indexOf(only(stops, "top.call", 0));
        int depth = stops.get(ownCall).frames().size();
        Stop first = stops.get(ownCall + 1);
        assertEquals("step:middle.before", first.mark(), stops.toString());
        assertEquals("middle", first.method());
        assertEquals(Map.of("m", 11), first.variables());
        assertEquals(depth + 1, first.frames().size());
        assertEquals("step:middle.call", stops.get(ownCall + 2).mark(), stops.toString());

        // another class: the static entry (above the JDK's method-handle frames, which the filter steps through), then the body
        int otherCall = stops.indexOf(only(stops, "middle.call", 0));
        List<Shown> callerFrames = stops.get(otherCall).frames();
        Stop entry = stops.get(otherCall + 1);
        assertEquals("step:bottom.before", entry.mark(), stops.toString());
        assertEquals("coflow$call$bottom", entry.method(), stops.toString());
        assertEquals(callerFrames.subList(1, callerFrames.size()),
                entry.frames().subList(entry.frames().size() - callerFrames.size() + 1, entry.frames().size()), "above the caller");
        assertEquals(Map.of("x", 21, "y", 7L), entry.variables(), "the entry shows the method's parameters");
        Stop bodyFirst = stops.get(otherCall + 2);
        assertEquals("step:bottom.before", bodyFirst.mark(), stops.toString());
        assertEquals(entry.frames().size() + 1, bodyFirst.frames().size(), "the body above the entry");
        assertEquals(Map.of("x", 21, "y", 7L), bodyFirst.variables());
        assertEquals("step:bottom.yield", stops.get(otherCall + 3).mark(), stops.toString());
    }
}
