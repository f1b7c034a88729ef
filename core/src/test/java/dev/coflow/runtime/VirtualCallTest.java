package dev.coflow.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code Bootstrap.virtualCall}, the link of a virtual call at a suspension point (design.md, "Virtual entries"): to the
 * receiver's class's virtual entry when the owner has one, else to the method itself, armed for the receiver's class;
 * and to the method, armed, everywhere once a class with entries was redefined ({@code Bootstrap.classesChanged}, which
 * is for the whole process: that test runs last).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VirtualCallTest {
    private static final MethodType SITE = MethodType.methodType(String.class, WithEntry.class, String.class, Context.class);
    private static final long KEY = BytecodeContract.key("m(Ljava/lang/String;)Ljava/lang/String;");

    /** What each call saw: which method ran, the context it was given, the key and class armed on the carrier. */
    static final List<String> SEEN = new ArrayList<>();

    private final TestContext ctx = new TestContext();
    private Context previous;

    @AfterEach
    void leave() {
        if (previous != null || Carrier.forCurrentThread().current == ctx) {
            ctx.leave(previous);
        }
        Carrier.forCurrentThread().expect = 0;
        SEEN.clear();
    }

    private static final long STATIC_KEY = BytecodeContract.key(BytecodeContract.staticCall("dev/coflow/runtime/VirtualCallTest$Declares", "s(Ljava/lang/String;)Ljava/lang/String;"));
    private static final long INTERFACE_KEY = BytecodeContract.key("*m(Ljava/lang/String;)Ljava/lang/String;");

    private static String armed() {
        Carrier k = Carrier.forCurrentThread();
        if (k.expect == STATIC_KEY) {
            k.expect = 0;
            return "armed as a static call";
        }
        String by = k.expect == KEY ? "armed for " : k.expect == INTERFACE_KEY ? "armed as an interface call for " : null;
        if (by == null) {
            return "not armed";
        }
        String armed = by + (k.expectClass == null ? "no class" : k.expectClass.isHidden() ? "a lambda" : k.expectClass.getSimpleName());
        k.expect = 0; // taken, as a rewritten bridge would
        return armed;
    }

    private static String context(Context context) {
        return context == Context.NONE ? "with NONE" : context == Suspension.current() ? "with the coroutine's context" : String.valueOf(context);
    }

    /** The interface of the interface call sites. */
    public interface Face {
        String m(String s);
    }

    /** A rewritten implementation: the method and its entry. */
    public static class Implementation implements Face {
        @Override
        public String m(String s) {
            SEEN.add(getClass().getSimpleName() + ".m " + armed());
            return "m " + s;
        }

        public String coflow$call$m(String s, Context context) {
            SEEN.add("Implementation entry on " + getClass().getSimpleName() + " " + context(context) + ", " + armed());
            return "entry " + s;
        }
    }

    /** Inherits {@link Implementation}'s method: a call selects it, and its entry. */
    public static class Inherits extends Implementation {
    }

    /** Overrides the method without an entry (not rewritten): a call must run this one, armed. */
    public static class PlainOverride extends Implementation {
        @Override
        public String m(String s) {
            SEEN.add("PlainOverride.m " + armed());
            return "plain " + s;
        }
    }

    /** Implements the interface, not rewritten. */
    public static class Plain implements Face {
        @Override
        public String m(String s) {
            SEEN.add("Plain.m " + armed());
            return "plain " + s;
        }
    }

    /** An implementation whose entry is private: not an entry a call may use. */
    public static class PrivateEntry implements Face {
        @Override
        public String m(String s) {
            SEEN.add("PrivateEntry.m " + armed());
            return "m " + s;
        }

        @SuppressWarnings("unused")
        private String coflow$call$m(String s, Context context) {
            SEEN.add("PrivateEntry entry");
            return "entry " + s;
        }
    }

    /** The abstract method's implementation is inherited from an interface's default method: interfaces have no entries. */
    public interface Defaulted extends Face {
        @Override
        default String m(String s) {
            SEEN.add("default m " + armed());
            return "default " + s;
        }
    }

    public static class UsesDefault implements Defaulted {
    }

    private static final MethodType FACE_SITE = MethodType.methodType(String.class, Face.class, String.class, Context.class);

    /** A class as the agent leaves it: the method (its bridge) and its virtual entry. */
    public static class WithEntry {
        public String m(String s) {
            SEEN.add("m " + armed());
            return "m " + s;
        }

        public String coflow$call$m(String s, Context context) {
            SEEN.add("entry " + (context == Suspension.current() ? "with the coroutine's context" : context) + ", " + armed());
            return "entry " + s;
        }
    }

    /** A class whose method has no entry (loaded before the agent, excluded, refused). */
    public static class WithoutEntry {
        public String m(String s) {
            SEEN.add("m " + armed());
            return "m " + s;
        }
    }

    @Test
    @Order(1)
    void aSiteOfAClassWithAnEntry_callsTheReceiversEntry_withTheCallersContext() throws Throwable {
        CallSite site = Bootstrap.virtualCall(MethodHandles.lookup(), "m", SITE);
        previous = ctx.enter();
        assertEquals("entry a", (String) site.getTarget().invokeExact(new WithEntry(), "a", (Context) ctx));
        assertEquals(List.of("entry with the coroutine's context, not armed"), SEEN);
    }

    @Test
    @Order(2)
    void aSiteOfAClassWithoutAnEntry_armsTheCallForTheReceiversClass_andCallsTheMethod() throws Throwable {
        CallSite site = Bootstrap.virtualCall(MethodHandles.lookup(), "m", SITE.changeParameterType(0, WithoutEntry.class));
        previous = ctx.enter();
        assertEquals("m c", (String) site.getTarget().invokeExact(new WithoutEntry(), "c", (Context) ctx));
        assertEquals(List.of("m armed for WithoutEntry"), SEEN);
        SEEN.clear();
        // outside a coroutine nothing is armed
        ctx.leave(previous);
        previous = null;
        assertEquals("m d", (String) site.getTarget().invokeExact(new WithoutEntry(), "d", Context.NONE));
        assertEquals(List.of("m not armed"), SEEN);
    }

    @Test
    @Order(3)
    void aNullReceiver_throwsNullPointerException_beforeAnythingRuns() throws Throwable {
        CallSite site = Bootstrap.virtualCall(MethodHandles.lookup(), "m", SITE);
        previous = ctx.enter();
        org.junit.jupiter.api.Assertions.assertThrows(NullPointerException.class,
                () -> { String ignored = (String) site.getTarget().invokeExact((WithEntry) null, "e", (Context) ctx); });
        assertEquals(List.of(), SEEN);
    }

    @Test
    @Order(4)
    void anInterfaceSite_callsTheEntryOfTheClassWhoseMethodItSelects_andArmsTheCallWhereThereIsNone() throws Throwable {
        CallSite site = Bootstrap.virtualCall(MethodHandles.lookup(), "m", FACE_SITE);
        previous = ctx.enter();
        Face lambda = s -> {
            SEEN.add("lambda " + armed());
            return "lambda " + s;
        };
        Face[] receivers = {new Implementation(), new Inherits(), new PlainOverride(), new Plain(), new PrivateEntry(), new UsesDefault(), lambda};
        List<String> once = new ArrayList<>();
        List<String> results = new ArrayList<>();
        // round after round: the site learns four classes, then arms the calls of any other; each round must give the same
        for (int round = 0; round < 3; round++) {
            SEEN.clear();
            results.clear();
            for (Face r : receivers) {
                results.add((String) site.getTarget().invokeExact(r, "x", (Context) ctx));
            }
            assertEquals(List.of("entry x", "entry x", "plain x", "plain x", "m x", "default x", "lambda x"), results, "round " + round);
            if (round == 0) {
                once.addAll(SEEN);
            } else {
                assertEquals(once, SEEN, "round " + round);
            }
        }
        assertEquals(List.of(
                "Implementation entry on Implementation with the coroutine's context, not armed",
                "Implementation entry on Inherits with the coroutine's context, not armed",
                "PlainOverride.m armed as an interface call for PlainOverride",
                "Plain.m armed as an interface call for Plain",
                "PrivateEntry.m armed as an interface call for PrivateEntry",
                "default m armed as an interface call for UsesDefault",
                "lambda armed as an interface call for a lambda"), once);
    }

    @Test
    @Order(5)
    void anInterfaceSite_reachesTheEntryOfAClassItsCallerCannotName() throws Throwable {
        MethodType type = MethodType.methodType(String.class, dev.coflow.runtime.elsewhere.Hidden.VirtualCallTest_Face.class, String.class, Context.class);
        CallSite site = Bootstrap.virtualCall(MethodHandles.lookup(), "m", type);
        previous = ctx.enter();
        dev.coflow.runtime.elsewhere.Hidden.VirtualCallTest_Face hidden = dev.coflow.runtime.elsewhere.Hidden.make(SEEN, VirtualCallTest::context);
        assertEquals("hidden entry y", (String) site.getTarget().invokeExact(hidden, "y", (Context) ctx));
        assertEquals(List.of("hidden entry with the coroutine's context"), SEEN);
    }

    @Test
    @Order(6)
    void anInterfaceSite_throwsForANullReceiver_withTheJdksMessage_beforeAnythingRuns() throws Throwable {
        CallSite site = Bootstrap.virtualCall(MethodHandles.lookup(), "m", FACE_SITE);
        previous = ctx.enter();
        NullPointerException e = org.junit.jupiter.api.Assertions.assertThrows(NullPointerException.class,
                () -> { String ignored = (String) site.getTarget().invokeExact((Face) null, "z", (Context) ctx); });
        assertEquals("Cannot invoke \"dev.coflow.runtime.VirtualCallTest$Face.m(String)\"", e.getMessage());
        assertEquals(List.of(), SEEN);
        // outside a coroutine: the entry still runs (with the context it was given), a plain method is not armed
        ctx.leave(previous);
        previous = null;
        assertEquals("entry w", (String) site.getTarget().invokeExact((Face) new Implementation(), "w", Context.NONE));
        assertEquals("plain w", (String) site.getTarget().invokeExact((Face) new Plain(), "w", Context.NONE));
        assertEquals(List.of("Implementation entry on Implementation with NONE, not armed", "Plain.m not armed"), SEEN);
    }

    /** Defines {@code name} from its class file itself, delegating every other class: a plug-in's loader. */
    private static final class ChildFirst extends ClassLoader {
        private final String name;

        ChildFirst(String name) {
            super(VirtualCallTest.class.getClassLoader());
            this.name = name;
        }

        @Override
        protected Class<?> loadClass(String n, boolean resolve) throws ClassNotFoundException {
            if (!n.equals(name)) {
                return super.loadClass(n, resolve);
            }
            try (var in = getParent().getResourceAsStream(n.replace('.', '/') + ".class")) {
                byte[] bytes = in.readAllBytes();
                return defineClass(n, bytes, 0, bytes.length);
            } catch (java.io.IOException e) {
                throw new ClassNotFoundException(n, e);
            }
        }
    }

    @Test
    @Order(7)
    void anInterfaceSite_keepsNoClassOfALoaderThatMayGoAway() throws Throwable {
        MethodType type = MethodType.methodType(String.class, dev.coflow.runtime.elsewhere.Hidden.VirtualCallTest_Face.class, String.class, Context.class);
        CallSite site = Bootstrap.virtualCall(MethodHandles.lookup(), "m", type);
        previous = ctx.enter();
        ClassLoader child = new ChildFirst(dev.coflow.runtime.elsewhere.Plugin.class.getName());
        Class<?> copy = child.loadClass(dev.coflow.runtime.elsewhere.Plugin.class.getName());
        org.junit.jupiter.api.Assertions.assertNotSame(dev.coflow.runtime.elsewhere.Plugin.class, copy);
        Object plugin = copy.getConstructor().newInstance();
        assertEquals("plugin entry a", (String) site.getTarget().invokeExact((dev.coflow.runtime.elsewhere.Hidden.VirtualCallTest_Face) plugin, "a", (Context) ctx));
        // the site stopped learning there: a class of its own loader gets the armed call (in the agent's code the same result)
        assertEquals("plugin m b", (String) site.getTarget().invokeExact(
                (dev.coflow.runtime.elsewhere.Hidden.VirtualCallTest_Face) new dev.coflow.runtime.elsewhere.Plugin(), "b", (Context) ctx));
        java.lang.ref.WeakReference<ClassLoader> gone = new java.lang.ref.WeakReference<>(child);
        child = null;
        copy = null;
        plugin = null;
        for (int i = 0; i < 100 && gone.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        org.junit.jupiter.api.Assertions.assertNull(gone.get(), "the call site keeps the plug-in's loader alive");
        assertSame(type, site.type());
    }

    /** A class with a static coroutine method, as the agent leaves it: the method (its bridge) and its static entry. */
    public static class Declares {
        public static String s(String x) {
            SEEN.add("Declares.s " + armed());
            return "s " + x;
        }

        public static String coflow$call$s(String x, Context context) {
            SEEN.add("Declares entry " + context(context) + ", " + armed());
            return "entry " + x;
        }
    }

    /** Calls of {@code InheritsStatic.s} resolve to {@link Declares#s}. */
    public static class InheritsStatic extends Declares {
    }

    /** Hides {@link Declares#s} with a method of its own and no entry: a call must run this one, armed. */
    public static class Hides extends Declares {
        public static String s(String x) {
            SEEN.add("Hides.s " + armed());
            return "hides " + x;
        }
    }

    /** A class with no entry, not initialised before its site's first call: its initialiser notes what was armed. */
    public static class LateInit {
        static {
            SEEN.add("LateInit initialised, " + (Carrier.forCurrentThread().expect == 0 ? "nothing armed" : "a key armed"));
        }

        public static String s(String x) {
            SEEN.add("LateInit.s " + armed());
            return "late " + x;
        }
    }

    /** The same, package-private: a look-up that cannot see the class initialises it by name. */
    static class LateInitHidden {
        static {
            SEEN.add("LateInitHidden initialised, " + (Carrier.forCurrentThread().expect == 0 ? "nothing armed" : "a key armed"));
        }

        public static String s(String x) {
            SEEN.add("LateInitHidden.s " + armed());
            return "late hidden " + x;
        }
    }

    /**
     * An armed static site initialises the class that declares the method before it arms (design.md, "Exactness: armed
     * calls"): the JVM would run the initialiser at the call, after the arm, and a call of the same method in it would
     * take the key.
     */
    @Test
    @Order(9)
    void anArmedStaticSite_initialisesTheDeclaringClassBeforeItArms() throws Throwable {
        previous = ctx.enter();
        assertEquals("late d", (String) staticSite(LateInit.class).getTarget().invokeExact("d", (Context) ctx));
        assertEquals("late e", (String) staticSite(LateInit.class).getTarget().invokeExact("e", (Context) ctx));
        // a look-up that cannot see the class: initialised by its name in its loader
        new Bootstrap.InitializedFirst(MethodHandles.publicLookup(), LateInitHidden.class).initialize();
        assertEquals("late hidden f", LateInitHidden.s("f"));
        assertEquals(List.of("LateInit initialised, nothing armed", "LateInit.s armed as a static call", "LateInit.s armed as a static call",
                "LateInitHidden initialised, nothing armed", "LateInitHidden.s not armed"), SEEN);
    }

    private static CallSite staticSite(Class<?> named) throws ReflectiveOperationException {
        return Bootstrap.staticCall(MethodHandles.lookup(), "s", MethodType.methodType(String.class, String.class, Context.class), named, STATIC_KEY);
    }

    @Test
    @Order(8)
    void aStaticSite_callsTheEntryOfTheClassThatDeclaresTheMethodItResolves_elseTheMethodArmed() throws Throwable {
        previous = ctx.enter();
        assertEquals("entry a", (String) staticSite(Declares.class).getTarget().invokeExact("a", (Context) ctx));
        assertEquals("entry b", (String) staticSite(InheritsStatic.class).getTarget().invokeExact("b", (Context) ctx));
        assertEquals("hides c", (String) staticSite(Hides.class).getTarget().invokeExact("c", (Context) ctx));
        assertEquals(List.of("Declares entry with the coroutine's context, not armed", "Declares entry with the coroutine's context, not armed",
                "Hides.s armed as a static call"), SEEN);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void afterAClassWithEntriesChanged_everySiteCallsTheMethod_armed() throws Throwable {
        CallSite before = Bootstrap.virtualCall(MethodHandles.lookup(), "m", SITE);
        Bootstrap.classesChanged();
        CallSite after = Bootstrap.virtualCall(MethodHandles.lookup(), "m", SITE);
        previous = ctx.enter();
        assertEquals("m f", (String) before.getTarget().invokeExact(new WithEntry(), "f", (Context) ctx));
        assertEquals("m g", (String) after.getTarget().invokeExact(new WithEntry(), "g", (Context) ctx));
        assertEquals(List.of("m armed for WithEntry", "m armed for WithEntry"), SEEN);
        SEEN.clear();
        CallSite face = Bootstrap.virtualCall(MethodHandles.lookup(), "m", FACE_SITE);
        assertEquals("m h", (String) face.getTarget().invokeExact((Face) new Implementation(), "h", (Context) ctx));
        assertEquals(List.of("Implementation.m armed as an interface call for Implementation"), SEEN);
        SEEN.clear();
        assertEquals("s i", (String) staticSite(Declares.class).getTarget().invokeExact("i", (Context) ctx));
        assertEquals(List.of("Declares.s armed as a static call"), SEEN);
        Bootstrap.classesChanged(); // again: nothing more happens
        assertSame(String.class, after.type().returnType());
    }
}
