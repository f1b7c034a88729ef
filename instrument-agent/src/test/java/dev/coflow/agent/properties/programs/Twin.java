package dev.coflow.agent.properties.programs;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The plain twin's side of {@link SourcePrograms}: in the plain copy of a generated class every {@code Coroutines.yield}
 * is a call of {@link #yield(Object)} here, which records the value as the coroutine's driver does and evaluates to the
 * value the driver sends at that yield ({@link #sent(int)}), or throws what it throws in. Both copies record through
 * {@link #rec(Object)} and open their resources through {@link #open(String)}. One program runs at a time.
 */
public final class Twin {
    private static List<String> events = new ArrayList<>();
    private static int count;
    private static int throwAt = -1;
    private static int closeAt = -1;
    /** The trace's length at the first yield after the closing one, where {@code close()} fails; -1 before. */
    private static int cut = -1;
    /** Whether the cut came inside a delegation ({@link #delegate}). */
    private static boolean cutInDelegate;
    /** Whether the closing yield threw its {@code GeneratorExit}. */
    private static boolean exitThrown;
    /**
     * The thread whose turn it is: the one running the program, or the thread of a plain twin's inner coroutine
     * ({@link PlainInner}) while the program waits for it. The trace is one program's, and a thread out of turn would mix
     * a second into it.
     */
    private static Thread owner;

    /**
     * What a thread of the program is inside: delegations ({@link #delegate}) and calls from JDK callbacks
     * ({@link #foreign}) under way, and the values of the generator its body is computing ({@link #generate}); the
     * program's thread and each inner coroutine's have their own, as each coroutine has its own chain.
     */
    private static final class Within {
        int depth;
        int foreign;
        List<Object> generating;
    }

    private static final ThreadLocal<Within> WITHIN = ThreadLocal.withInitial(Within::new);

    private Twin() {
    }

    /**
     * Starts a run: an empty trace; the yield numbered {@code throwAtYield} (from 0) throws {@link #thrownIn(int)}, and
     * the one numbered {@code closeAtYield} a {@link dev.coflow.GeneratorExit}, as {@code close()} raises one there. A
     * yield after that one is where {@code close()} fails ("ignored GeneratorExit") and the driver takes control back:
     * the run is cut there ({@link #events()} ends before it) and that yield, and every later one, throws
     * {@link Abandoned} to end the plain run.
     */
    public static void reset(int throwAtYield, int closeAtYield) {
        // first the threads of the last run's plain inner coroutines end, recording nothing (not under Twin's lock: they
        // call its methods as they run out)
        abandonInners();
        synchronized (Twin.class) {
            start(throwAtYield, closeAtYield);
        }
    }

    private static void start(int throwAtYield, int closeAtYield) {
        events = new ArrayList<>();
        count = 0;
        throwAt = throwAtYield;
        closeAt = closeAtYield;
        cut = -1;
        cutInDelegate = false;
        exitThrown = false;
        WITHIN.set(new Within());
        owner = Thread.currentThread();
    }

    /**
     * Whether the closing yield threw its {@code GeneratorExit}: a body that then returns normally (a handler caught what
     * replaced the exit, say an exception a {@code finally} threw) makes {@code close()} return, as in Python.
     */
    public static synchronized boolean exitThrown() {
        return exitThrown;
    }

    /**
     * Whether the run was cut: a yield came after the closing one, where {@code close()} fails. Whatever the plain run
     * did after it (its {@code finally} blocks ran on, and one may have thrown something else) is not compared.
     */
    public static synchronized boolean wasCut() {
        return cut >= 0;
    }

    /**
     * Whether the run was cut at a yield inside a delegation. There the coroutine and its plain twin part ways by design:
     * {@code close()} closes the delegate first, and when the delegate yields instead, its close fails and that failure is
     * raised in the delegator, whose handlers and {@code finally} blocks run on while the delegate stays where it yielded
     * (PEP 380); a plain call cannot leave its callee's {@code finally} blocks unrun. Only the events before the cut compare.
     */
    public static synchronized boolean cutInDelegate() {
        return cutInDelegate;
    }

    /**
     * The plain twin's {@code Coroutines.yieldFrom(Coroutines.create(body))}: runs the body, counting the delegation. Where
     * every yield is refused ({@link #foreign}) the delegation is refused before the body runs, as coflow refuses a
     * {@code yieldFrom} that cannot suspend before the delegate runs.
     */
    public static <T> T delegate(java.util.function.Supplier<T> body) {
        Within within = WITHIN.get();
        if (within.foreign > 0) {
            throw new Refused();
        }
        within.depth++;
        try {
            return body.get();
        } finally {
            within.depth--;
        }
    }

    /** The events of the run so far, up to the cut when there is one. */
    public static synchronized List<String> events() {
        return List.copyOf(cut < 0 ? events : events.subList(0, cut));
    }

    /**
     * The plain twin of a statement whose lambda a JDK method calls ({@code List.forEach}): in the coroutine a yield
     * there is refused, since the JDK's frame cannot be saved; here every yield inside throws {@link Refused}.
     */
    public static void foreign(Runnable body) {
        Within within = WITHIN.get();
        within.foreign++;
        try {
            body.run();
        } finally {
            within.foreign--;
        }
    }

    /**
     * Calls {@code c.name(a, b)}, a static method, through reflection, and throws what it throws as it is (not in an
     * {@code InvocationTargetException}), so that the programs need not catch checked exceptions.
     */
    public static Object reflect(Class<?> c, String name, int a, String b) {
        try {
            java.lang.reflect.Method m = c.getDeclaredMethod(name, int.class, String.class);
            m.setAccessible(true);
            return m.invoke(null, a, b);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException x) {
                throw x;
            }
            if (e.getCause() instanceof Error x) {
                throw x;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** What the hidden class {@link #hidden} makes for a static helper implements (and {@code Supplier<Object>}). */
    public interface HiddenCall {
        Object call(int a, String b);
    }

    /** Per generated class, per helper: the constructor of the hidden class that calls it ({@code (int, String)}). */
    private static final ClassValue<Map<String, java.lang.reflect.Constructor<?>>> HIDDEN = new ClassValue<>() {
        @Override
        protected Map<String, java.lang.reflect.Constructor<?>> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    /**
     * Calls {@code c.name(a, b)}, a static method (private ones too: {@code lookup} is the calling generated class's own,
     * in {@code c}'s nest), from a hidden class made for it ({@code Lookup.defineHiddenClass}, as frameworks make them): a
     * class the JVM never shows to a Java agent, so the coflow agent cannot rewrite it, and a yield below it must be
     * refused. What the method throws goes through as it is; its result is boxed.
     */
    public static Object hidden(MethodHandles.Lookup lookup, Class<?> c, String name, int a, String b) {
        return ((HiddenCall) hiddenInstance(lookup, c, name, 0, null)).call(a, b);
    }

    /**
     * A coroutine body that is itself a hidden class ({@link #hidden}): its {@code get()} calls {@code c.name(a, b)}. The
     * coroutine's handle calls the hidden class, which calls the method.
     */
    @SuppressWarnings("unchecked")
    public static java.util.function.Supplier<Object> hiddenBody(MethodHandles.Lookup lookup, Class<?> c, String name, int a, String b) {
        return (java.util.function.Supplier<Object>) hiddenInstance(lookup, c, name, a, b);
    }

    /**
     * A coroutine body that is a method handle made into {@code Supplier} by {@code MethodHandleProxies}: {@code c.name(a,
     * b)} with its result filtered by {@link #filtered}, code of the program's own that runs after the method returns
     * ({@code MethodHandles.filterReturnValue}), so a yield below it must be refused (the filter would get a dummy value).
     */
    @SuppressWarnings("unchecked")
    public static java.util.function.Supplier<Object> handleBody(MethodHandles.Lookup lookup, Class<?> c, String name, int a, String b) {
        try {
            java.lang.invoke.MethodHandle h = lookup.unreflect(c.getDeclaredMethod(name, int.class, String.class));
            h = MethodHandles.insertArguments(h, 0, a, b).asType(MethodType.methodType(Object.class));
            h = MethodHandles.filterReturnValue(h, MethodHandles.lookup().findStatic(Twin.class, "filtered",
                    MethodType.methodType(Object.class, Object.class)));
            return java.lang.invoke.MethodHandleProxies.asInterfaceInstance(java.util.function.Supplier.class, h);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** {@link #handleBody}'s filter: records the value the method returned, and passes it on. */
    private static Object filtered(Object v) {
        rec("filtered " + render(v));
        return v;
    }

    /** The plain twin of a body whose yields are refused ({@link #hiddenBody}, {@link #handleBody}): runs it in {@link #foreign}. */
    public static java.util.function.Supplier<Object> foreignBody(java.util.function.Supplier<Object> body) {
        return () -> foreignGet(body);
    }

    private static Object hiddenInstance(MethodHandles.Lookup lookup, Class<?> c, String name, int a, String b) {
        try {
            return HIDDEN.get(c).computeIfAbsent(name, n -> hiddenCaller(lookup, c, n)).newInstance(a, b);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static java.lang.reflect.Constructor<?> hiddenCaller(MethodHandles.Lookup lookup, Class<?> c, String name) {
        try {
            java.lang.reflect.Method m = c.getDeclaredMethod(name, int.class, String.class);
            String owner = Type.getInternalName(c);
            String self = owner.substring(0, owner.lastIndexOf('/') + 1) + "HiddenCaller";
            ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_MAXS);
            w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, self, null, "java/lang/Object",
                    new String[] {Type.getInternalName(HiddenCall.class), "java/util/function/Supplier"});
            w.visitSource("HiddenCaller.java", null);
            w.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL, "a", "I", null, null).visitEnd();
            w.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL, "b", "Ljava/lang/String;", null, null).visitEnd();
            MethodVisitor init = w.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "(ILjava/lang/String;)V", null, null);
            init.visitCode();
            init.visitVarInsn(Opcodes.ALOAD, 0);
            init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
            init.visitVarInsn(Opcodes.ALOAD, 0);
            init.visitVarInsn(Opcodes.ILOAD, 1);
            init.visitFieldInsn(Opcodes.PUTFIELD, self, "a", "I");
            init.visitVarInsn(Opcodes.ALOAD, 0);
            init.visitVarInsn(Opcodes.ALOAD, 2);
            init.visitFieldInsn(Opcodes.PUTFIELD, self, "b", "Ljava/lang/String;");
            init.visitInsn(Opcodes.RETURN);
            init.visitMaxs(0, 0);
            init.visitEnd();
            for (boolean get : new boolean[] {false, true}) {
                MethodVisitor call = w.visitMethod(Opcodes.ACC_PUBLIC, get ? "get" : "call",
                        get ? "()Ljava/lang/Object;" : "(ILjava/lang/String;)Ljava/lang/Object;", null, null);
                call.visitCode();
                Label line = new Label();
                call.visitLabel(line);
                call.visitLineNumber(get ? 2 : 1, line);
                if (get) {
                    call.visitVarInsn(Opcodes.ALOAD, 0);
                    call.visitFieldInsn(Opcodes.GETFIELD, self, "a", "I");
                    call.visitVarInsn(Opcodes.ALOAD, 0);
                    call.visitFieldInsn(Opcodes.GETFIELD, self, "b", "Ljava/lang/String;");
                } else {
                    call.visitVarInsn(Opcodes.ILOAD, 1);
                    call.visitVarInsn(Opcodes.ALOAD, 2);
                }
                call.visitMethodInsn(Opcodes.INVOKESTATIC, owner, name, Type.getMethodDescriptor(m), c.isInterface());
                Class<?> r = m.getReturnType();
                if (r == void.class) {
                    call.visitInsn(Opcodes.ACONST_NULL);
                } else if (r.isPrimitive()) {
                    Class<?> box = MethodType.methodType(r).wrap().returnType();
                    call.visitMethodInsn(Opcodes.INVOKESTATIC, Type.getInternalName(box), "valueOf",
                            "(" + Type.getDescriptor(r) + ")" + Type.getDescriptor(box), false);
                }
                call.visitInsn(Opcodes.ARETURN);
                call.visitMaxs(0, 0);
                call.visitEnd();
            }
            w.visitEnd();
            MethodHandles.Lookup hidden = lookup.defineHiddenClass(w.toByteArray(), true, MethodHandles.Lookup.ClassOption.NESTMATE);
            return hidden.lookupClass().getDeclaredConstructor(int.class, String.class);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot make a hidden class calling " + c.getName() + "#" + name, e);
        }
    }

    /** {@link #foreign(Runnable)} for an expression ({@code Optional.map}). */
    public static Object foreignGet(java.util.function.Supplier<Object> body) {
        Object[] result = new Object[1];
        foreign(() -> result[0] = body.get());
        return result[0];
    }

    /** The plain twin's refused yield; an {@code IllegalStateException} as coflow's {@code NotRewrittenException} is. */
    public static final class Refused extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        Refused() {
            super(REFUSED);
        }
    }

    /** What a refusal's message reads as in a trace (coflow's own message names the frames, the twin has none). */
    public static final String REFUSED = "refused: a frame the agent did not rewrite stands in the chain";

    /**
     * The plain twin's {@code Coroutines.generate(body)} pulled by a for-each loop: the body runs at once and its values
     * are returned. The programs' generator bodies read nothing their loops change, so their values are those a lazy
     * generator gives.
     */
    public static List<Object> generate(Runnable body) {
        Within within = WITHIN.get();
        List<Object> outer = within.generating;
        within.generating = new ArrayList<>();
        try {
            body.run();
            return within.generating;
        } finally {
            within.generating = outer;
        }
    }

    /** The plain twin's yield inside a generator's body: the value is one of {@link #generate}'s; a pull sends null. */
    public static Object generated(Object value) {
        WITHIN.get().generating.add(value);
        return null;
    }

    /** What ends a plain run at a yield after the closing one. */
    public static final class Abandoned extends Error {
        private static final long serialVersionUID = 1L;

        Abandoned() {
            super("a yield after the GeneratorExit", null, false, false);
        }
    }

    /** What the driver sends at the yield numbered {@code k}: a small integer, some negative. */
    public static Integer sent(int k) {
        return (k * 7 + 3) % 23 - 5;
    }

    /**
     * What the driver throws in at the yield numbered {@code k}: an unchecked exception, or at every third a checked one
     * ({@code IOException}), which {@code throwIn} raises at a yield that declares none, as Python's {@code throw} may raise
     * anything: only a {@code catch (Exception ..)} catches it.
     */
    public static Exception thrownIn(int k) {
        return k % 3 == 2 ? new java.io.IOException("in" + k) : new IllegalArgumentException("in" + k);
    }

    /** Throws {@code e} whatever its type, as the plain twin's yield must throw a checked exception thrown in. */
    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
        throw (E) e;
    }

    /** Records a value the program computed. */
    public static synchronized void rec(Object value) {
        add(render(value));
    }

    /** Records an exception the program caught, by its message ({@link #refusal}), and those it suppressed. */
    public static synchronized void caught(Throwable e) {
        StringBuilder s = new StringBuilder("caught ").append(refusal(e.getMessage()));
        for (Throwable x : e.getSuppressed()) {
            s.append(" suppressing ").append(refusal(x.getMessage()));
        }
        rec(s.toString());
    }

    /**
     * A refusal's message as the trace records it: coflow's {@code NotRewrittenException} at a yield names the frame
     * that cannot be saved, the twin's {@link Refused} cannot, so both read {@link #REFUSED}.
     */
    public static String refusal(String message) {
        // also the message of a MatchException that wraps either (a record pattern's accessor refused): its cause's toString
        return message != null && (message.contains("cannot be saved") || message.contains("stands between") || message.contains(REFUSED))
                ? REFUSED : message;
    }

    /** Records a value yielded (called by the driver of the rewritten copy, and by {@link #yield(Object)}). */
    public static synchronized void yielded(Object value) {
        add("Y " + render(value));
    }

    /** The most events a run records: a program's loops and calls can multiply; past this it ends with {@link TooLong}. */
    static final int MAX_EVENTS = 200_000;

    private static void add(String event) {
        if (quiet || PlainInner.abandoned()) {
            return; // an abandoned inner coroutine's thread running out: in the coroutine copy it never runs again
        }
        if (Thread.currentThread() != owner) {
            // e.g. a test framework running another try in the background (jqwik shrinks in a thread of its own)
            throw new IllegalStateException("a second thread records into the trace of a run: " + Thread.currentThread() + ", not " + owner);
        }
        if (events.size() >= MAX_EVENTS) {
            throw new TooLong();
        }
        events.add(event);
    }

    /** What ends a run that recorded {@link #MAX_EVENTS} events, in both copies at the same event. */
    public static final class TooLong extends Error {
        private static final long serialVersionUID = 1L;

        TooLong() {
            super("more than " + MAX_EVENTS + " events", null, false, false);
        }
    }

    /** A string cut to 40 characters: the program's strings would double in nested loops. */
    public static String cap(String s) {
        return s.length() > 40 ? s.substring(0, 40) : s;
    }

    /** {@link #cap(String)} for the program's {@code StringBuilder}. */
    public static void cap(StringBuilder sb) {
        if (sb.length() > 40) {
            sb.setLength(40);
        }
    }

    /** The plain copy's yield. */
    @SuppressWarnings("unchecked")
    public static <T> T yield(Object value) {
        if (WITHIN.get().foreign > 0) {
            throw new Refused(); // before anything else, as coflow refuses at the yield
        }
        PlainInner inner = PlainInner.CURRENT.get();
        if (inner != null) {
            return (T) inner.yieldOut(value); // an inner coroutine's yield: to the program that drives it
        }
        int k;
        synchronized (Twin.class) {
            if (closeAt >= 0 && count > closeAt) {
                if (cut < 0) {
                    cut = events.size();
                    cutInDelegate = WITHIN.get().depth > 0;
                }
                throw new Abandoned();
            }
            yielded(value);
            k = count++;
        }
        if (k == throwAt) {
            throw Twin.<RuntimeException>sneaky(thrownIn(k));
        }
        if (k == closeAt) {
            synchronized (Twin.class) {
                exitThrown = true;
            }
            throw new dev.coflow.GeneratorExit();
        }
        return (T) sent(k);
    }

    /** The plain copy's {@code Coroutines.yield()}: yields {@code null}. */
    public static <T> T yield() {
        return Twin.yield(null);
    }

    static String render(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + ":" + value;
    }

    /**
     * A coroutine the program makes and drives itself, as a stage of a pipeline drives the next (coroutines sending to
     * coroutines): {@link #step()} starts it or sends it the next value, {@link #finish()} steps it a few more times and
     * closes it if it has not ended; each says what happened, for the program to record. A yield in the helpers its body
     * calls goes to this driver, not to the program's. In the coroutine copy a {@code CoroutineHandle} ({@link #inner});
     * in the plain copy a body running on a thread of its own that takes turns with the program's ({@link #innerPlain}).
     */
    public abstract static class Inner {
        private int steps;
        private boolean done;

        /** Starts the coroutine ({@code first}) or sends it {@code value}: what it yielded, returned or threw. */
        abstract String advance(boolean first, Object value);

        /** Closes the coroutine: whether it ended, threw, or yielded again (ignored the exit). */
        abstract String shut();

        public final String step() {
            if (done) {
                return "inner done";
            }
            int k = steps++;
            String what = advance(k == 0, sent(100 + k));
            done = !what.startsWith("inner Y ");
            return what;
        }

        public final String finish() {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < 3 && !done; i++) {
                s.append(step()).append("; ");
            }
            if (!done) {
                done = true;
                s.append(shut());
            }
            return s.toString();
        }
    }

    /** The coroutine copy's {@link Inner}: {@code Coroutines.create(body)}. */
    public static Inner inner(dev.coflow.CoroutineHandle<Object, Object> handle) {
        return new Inner() {
            @Override
            String advance(boolean first, Object value) {
                try {
                    return "inner Y " + render(first ? handle.next() : handle.send(value));
                } catch (dev.coflow.StopIteration stop) {
                    return "inner returned " + render(stop.value());
                } catch (TooLong | Abandoned e) {
                    throw e; // ends the program's run, in both copies
                } catch (Throwable t) {
                    return "inner threw " + thrown(t);
                }
            }

            @Override
            String shut() {
                try {
                    handle.close();
                    return "inner closed";
                } catch (TooLong | Abandoned e) {
                    throw e;
                } catch (IllegalStateException e) {
                    return e.getMessage() != null && e.getMessage().startsWith("coroutine ignored GeneratorExit") ? IGNORED
                            : "inner close threw " + thrown(e);
                } catch (Throwable t) {
                    return "inner close threw " + thrown(t);
                }
            }
        };
    }

    private static final String IGNORED = "inner ignored GeneratorExit";

    /** An exception an inner coroutine threw, as recorded: a refusal reads the same in both copies (coflow's names its frames). */
    private static String thrown(Throwable t) {
        if (t instanceof dev.coflow.NotRewrittenException || t instanceof Refused) {
            return "a refusal: " + REFUSED;
        }
        return t.getClass().getName() + ": " + refusal(t.getMessage());
    }

    /** The plain copy's {@link Inner}: {@code body} on a thread of its own, one of the two threads running at a time. */
    public static Inner innerPlain(java.util.function.Supplier<Object> body) {
        return new PlainInner(body);
    }

    /** Ends the threads of the plain inner coroutines the last run left suspended, before the next run starts. */
    private static void abandonInners() {
        quiet = true;
        try {
            // an abandoned body may make and step inner coroutines of its own as it runs out: those are abandoned too
            for (int round = 0; round < 100; round++) {
                List<PlainInner> left;
                synchronized (PlainInner.LIVE) {
                    left = new ArrayList<>(PlainInner.LIVE);
                    PlainInner.LIVE.clear();
                }
                if (left.isEmpty()) {
                    return;
                }
                for (PlainInner inner : left) {
                    inner.abandon();
                }
            }
            throw new IllegalStateException("abandoned plain inner coroutines keep making more");
        } finally {
            quiet = false;
        }
    }

    /** While the last run's inner coroutines are abandoned: nothing is recorded. */
    private static volatile boolean quiet;

    /**
     * The plain twin of an inner coroutine. Its body runs on a thread that only runs while the thread that stepped it waits
     * (a turn handed over under the object's monitor, {@link Twin#owner} with it), so the trace is recorded in the order
     * a coroutine running on the program's own thread records it. Its yields ({@link #yieldOut}) hand the value to the
     * stepping thread and wait for the next command: a value sent, the exit ({@code close()}), or the end of the run, when
     * the thread is abandoned: what it still runs is not recorded, and each of its yields throws {@link Abandoned}, as a
     * suspended coroutine nobody resumes never runs again.
     */
    private static final class PlainInner extends Inner {
        static final ThreadLocal<PlainInner> CURRENT = new ThreadLocal<>();
        static final List<PlainInner> LIVE = new ArrayList<>();
        private static final Object EXIT = new Object();
        private static final Object ABANDON = new Object();

        private final java.util.function.Supplier<Object> body;
        private Thread thread;
        private Thread stepper;
        /** Whose turn it is; what the stepper sends (a value, {@link #EXIT} or {@link #ABANDON}); what the body answers. */
        private boolean bodysTurn;
        private Object command;
        private String answer;
        private Throwable fatal;
        private boolean closing;
        private volatile boolean abandoned;

        PlainInner(java.util.function.Supplier<Object> body) {
            this.body = body;
        }

        /** Whether the current thread is an abandoned inner coroutine's. */
        static boolean abandoned() {
            PlainInner inner = CURRENT.get();
            return inner != null && inner.abandoned;
        }

        @Override
        String advance(boolean first, Object value) {
            if (first) {
                thread = new Thread(this::run, "plain inner coroutine");
                thread.setDaemon(true);
                synchronized (LIVE) {
                    LIVE.add(this);
                }
                thread.start();
            }
            return hand(value);
        }

        @Override
        String shut() {
            closing = true;
            return hand(EXIT);
        }

        /** Gives the body the turn with {@code what}, and waits for its answer. */
        private synchronized String hand(Object what) {
            stepper = Thread.currentThread();
            command = what;
            bodysTurn = true;
            owner = thread;
            notifyAll();
            while (bodysTurn) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            owner = stepper;
            if (fatal != null) {
                Throwable t = fatal;
                fatal = null;
                if (t instanceof Error e) {
                    throw e;
                }
                throw new IllegalStateException(t);
            }
            return answer;
        }

        /** On the body's thread: gives the stepper the turn with {@code what}; returns the next command. */
        private synchronized Object reply(String what) {
            answer = what;
            bodysTurn = false;
            notifyAll();
            return awaitTurn();
        }

        /** On the body's thread: waits for its turn; returns the command that gave it. */
        private synchronized Object awaitTurn() {
            while (!bodysTurn) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return command;
        }

        private void run() {
            CURRENT.set(this);
            if (awaitTurn() == ABANDON) {
                finishAbandoned();
                return;
            }
            String end;
            try {
                Object value = body.get();
                end = closing ? "inner closed" : "inner returned " + render(value);
            } catch (Abandoned a) {
                finishAbandoned();
                return;
            } catch (TooLong t) {
                if (abandoned) {
                    finishAbandoned();
                    return;
                }
                synchronized (this) {
                    fatal = t;
                }
                end = null;
            } catch (dev.coflow.GeneratorExit exit) {
                end = closing ? "inner closed" : "inner threw " + thrown(exit);
            } catch (Throwable t) {
                if (abandoned) {
                    finishAbandoned();
                    return;
                }
                end = (closing ? "inner close threw " : "inner threw ") + thrown(t);
            }
            synchronized (LIVE) {
                LIVE.remove(this);
            }
            synchronized (this) {
                answer = end;
                bodysTurn = false;
                notifyAll();
            }
        }

        private synchronized void finishAbandoned() {
            bodysTurn = false;
            notifyAll();
        }

        /** The body's yield: hands {@code value} to the stepper, and returns what it sends next (or throws). */
        Object yieldOut(Object value) {
            if (abandoned) {
                throw new Abandoned();
            }
            if (closing) {
                // a yield after the exit: close() fails, and the body never runs again
                Object next = reply(IGNORED);
                if (next == ABANDON) {
                    throw new Abandoned();
                }
                throw new IllegalStateException("an inner coroutine stepped after it ignored the exit");
            }
            Object next = reply("inner Y " + render(value));
            if (next == ABANDON) {
                throw new Abandoned();
            }
            if (next == EXIT) {
                throw new dev.coflow.GeneratorExit();
            }
            return next;
        }

        /** Ends the thread after a run: every yield throws {@link Abandoned}, nothing it records is kept. */
        void abandon() {
            synchronized (this) {
                if (thread == null || !thread.isAlive()) {
                    return;
                }
                abandoned = true;
                command = ABANDON;
                bodysTurn = true;
                notifyAll();
            }
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (thread.isAlive()) {
                throw new IllegalStateException("an abandoned plain inner coroutine did not end: " + thread);
            }
        }
    }

    /** What the programs' anonymous classes extend: made with an argument (recorded), one method to implement. */
    public abstract static class Op {
        protected final int base;

        public Op(int base) {
            rec("op " + base);
            this.base = base;
        }

        public abstract int apply(int q, String t);
    }

    /** An object the programs make with arguments computed with yields: records its making. */
    public static final class Pair {
        private final int k;
        private final String s;

        public Pair(int k, String s) {
            rec("pair " + k + s);
            this.k = k;
            this.s = s;
        }

        @Override
        public String toString() {
            return "P" + k + s;
        }
    }

    /** A resource of a try-with-resources statement: records its opening and its closing. */
    public static Res open(String name) {
        rec("open " + name);
        return new Res(name);
    }

    /** See {@link #open(String)}. */
    public static final class Res implements AutoCloseable {
        private final String name;

        Res(String name) {
            this.name = name;
        }

        public int size() {
            return name.length();
        }

        /**
         * Records the closing; a resource whose name's length is a multiple of 3 then throws, so that an exception the
         * body threw gets it as suppressed (try-with-resources' {@code addSuppressed} path), or it is the one thrown.
         */
        @Override
        public void close() {
            rec("close " + name);
            if (name.length() % 3 == 0) {
                throw new IllegalStateException("close " + name);
            }
        }
    }
}
