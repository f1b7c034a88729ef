package dev.coflow.runtime;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.lang.invoke.SwitchPoint;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Not API. The bootstrap methods of the {@code invokedynamic} instructions of rewritten methods: the one that each
 * suspension point uses to get its {@link ResumePoint}, and the one of each virtual call at a suspension point
 * ({@link #virtualCall}). Each runs once per call site; afterwards the site is a constant.
 */
public final class Bootstrap {
    private Bootstrap() {
    }

    private static final MethodType POINT_TYPE = MethodType.methodType(void.class, int.class, String.class, String.class,
            String.class, String.class, int.class);

    /**
     * The constructor of the {@link ResumePoint} subclass calling each resume adapter of a class, by the
     * adapter's name: one hidden class per adapter, shared by the method's suspension points.
     */
    private static final ClassValue<Map<String, MethodHandle>> POINT_CLASSES = new ClassValue<>() {
        @Override
        protected Map<String, MethodHandle> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    /**
     * Static arguments: the resume adapter (a {@code MethodHandle}), the owner's internal name, the
     * method's name, its descriptor, the source file name ({@code ""} if unknown), the suspension
     * point's state (from 1) and its source line ({@code -1} if unknown).
     */
    public static CallSite resumePoint(MethodHandles.Lookup lookup, String name, MethodType type, Object... args) throws Throwable {
        MethodHandle adapter = (MethodHandle) args[0];
        MethodHandle make = pointConstructor(lookup, lookup.revealDirect(adapter));
        ResumePoint info = (ResumePoint) make.invoke((int) (Integer) args[5], ((String) args[1]).intern(),
                ((String) args[2]).intern(), ((String) args[3]).intern(), (String) args[4], (int) (Integer) args[6]);
        return new ConstantCallSite(MethodHandles.constant(ResumePoint.class, info));
    }

    private static final MethodHandle ARM_VIRTUAL;
    private static final MethodHandle ARM_SPECIAL;

    static {
        try {
            ARM_VIRTUAL = MethodHandles.lookup().findStatic(Suspension.class, BytecodeContract.ARM_VIRTUAL,
                    MethodType.methodType(void.class, Object.class, Context.class, long.class));
            ARM_SPECIAL = MethodHandles.lookup().findStatic(Suspension.class, BytecodeContract.ARM_SPECIAL,
                    MethodType.methodType(void.class, Class.class, Context.class, long.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Turned off for good when a class with virtual entries is redefined or retransformed after it was loaded
     * ({@link #classesChanged}): another agent may have put code into a method (Mockito's inline mocks answer a stubbed
     * call in the method's own code), and a call of the virtual entry would run the body without it.
     */
    private static volatile SwitchPoint entriesValid = new SwitchPoint();

    static {
        String entries = System.getProperty("coflow.virtualEntries");
        // -Dcoflow.virtualEntries=false: every call site calls the method, armed (to compare); true: entries on regardless
        if ("false".equals(entries) || entries == null && unwatchedMockito(Bootstrap.class.getClassLoader())) {
            classesChanged();
        }
    }

    /**
     * Whether classes rewritten at build time run here without the agent, with Mockito on the class path: nothing then
     * watches Mockito's inline mock maker retransform a class, and a call through an entry would skip the stubs it puts
     * into the method (a mock of a collaborator called inside a coroutine would run its real body), so call sites take
     * the methods themselves from the start: slower, exact. A class's calls of its own static, private and final methods
     * and its calls on {@code this} stay direct; README, "Build-time rewriting", says to attach the agent to tests that
     * stub those.
     */
    static boolean unwatchedMockito(ClassLoader loader) {
        if (Diagnostics.agentAttached()) {
            return false;
        }
        try {
            Class.forName("org.mockito.Mockito", false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Called by the agent when a class that has virtual entries is redefined or retransformed: from then on every
     * virtual call site calls the method itself, arming it first, as it did before virtual entries; compiled code that
     * called an entry is deoptimised. Once per process.
     */
    public static void classesChanged() {
        SwitchPoint valid = entriesValid;
        if (!valid.hasBeenInvalidated()) {
            SwitchPoint.invalidateAll(new SwitchPoint[] {valid});
        }
    }

    /**
     * A virtual call at a suspension point of a rewritten body, {@code owner.name(arguments)}: {@code type} is
     * {@code (Owner, arguments..., Context) result}. The target is the method's virtual entry
     * ({@link BytecodeContract#VIRTUAL_ENTRY_PREFIX}) when the owner has one, the JVM selecting the entry of the
     * receiver's class: it runs that class's body with the caller's context, or calls the method when the class that
     * overrides it was not rewritten. Without an entry (the class that declares the method was not rewritten: loaded
     * before the agent, excluded, or its method refused) and after {@link #classesChanged}, the call arms the key for
     * the receiver's class and calls the method: the armed-call protocol of any other call.
     */
    public static CallSite virtualCall(MethodHandles.Lookup lookup, String name, MethodType type) throws ReflectiveOperationException {
        int count = type.parameterCount();
        Class<?> owner = type.parameterType(0);
        MethodType original = type.dropParameterTypes(count - 1, count).dropParameterTypes(0, 1);
        MethodHandle method = lookup.findVirtual(owner, name, original);
        String call = name + original.toMethodDescriptorString();
        long key = BytecodeContract.key(owner.isInterface() ? BytecodeContract.INTERFACE_KEY_PREFIX + call : call);
        MethodHandle withContext = MethodHandles.dropArguments(method, count - 1, Context.class);
        MethodHandle arm = MethodHandles.dropArguments(MethodHandles.insertArguments(ARM_VIRTUAL, 2, key), 1, original.parameterList());
        MethodHandle armed = MethodHandles.foldArguments(withContext, arm.asType(withContext.type().changeReturnType(void.class))).asType(type);
        if (owner.isInterface()) {
            if (Modifier.isPrivate(lookup.revealDirect(method).getModifiers())) {
                return new ConstantCallSite(nullChecked(armed, owner, name, original)); // a nestmate's private interface method
            }
            return new InterfaceSite(lookup, owner, name, original, armed).linked();
        }
        MethodHandle entry;
        try {
            entry = lookup.findVirtual(owner, BytecodeContract.VIRTUAL_ENTRY_PREFIX + name, original.appendParameterTypes(Context.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return new ConstantCallSite(nullChecked(armed, owner, name, original));
        }
        SwitchPoint valid = entriesValid;
        return new ConstantCallSite(nullChecked(valid.guardWithTest(entry.asType(type), armed), owner, name, original));
    }

    private static final MethodHandle ARM;

    static {
        try {
            ARM = MethodHandles.lookup().findStatic(Suspension.class, BytecodeContract.ARM, MethodType.methodType(void.class, Context.class, long.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * A static call at a suspension point of a rewritten body into another class, {@code owner.name(arguments)}:
     * {@code type} is {@code (arguments..., Context) result}, {@code key} what the call arms
     * ({@link BytecodeContract#staticCall}). The target is the static entry of the class that declares the method the
     * call resolves to (the JVM's resolution, from {@code owner} up), which runs its fresh body with the caller's
     * context: no key, no carrier look-up, no bridge. Without one (that class was not rewritten, or its method was
     * refused) and after {@link #classesChanged}, the call arms {@code key} and calls the method, as before, with the class
     * that declares it initialised first ({@link InitializedFirst}).
     */
    public static CallSite staticCall(MethodHandles.Lookup lookup, String name, MethodType type, Class<?> owner, long key)
            throws ReflectiveOperationException {
        int count = type.parameterCount();
        MethodType original = type.dropParameterTypes(count - 1, count);
        MethodHandle method = lookup.findStatic(owner, name, original);
        MethodHandle withContext = MethodHandles.dropArguments(method, count - 1, Context.class);
        Class<?> declaring = lookup.revealDirect(method).getDeclaringClass();
        MethodHandle armed = MethodHandles.foldArguments(withContext, count - 1, MethodHandles.insertArguments(ARM, 1, key));
        armed = MethodHandles.foldArguments(armed, INITIALIZE.bindTo(new InitializedFirst(lookup, declaring)));
        MethodHandle entry;
        try {
            Method e = declaring.getDeclaredMethod(BytecodeContract.VIRTUAL_ENTRY_PREFIX + name, type.parameterArray());
            if (declaring.isInterface() || e.getReturnType() != type.returnType()
                    || (e.getModifiers() & (Modifier.STATIC | Modifier.PRIVATE)) != Modifier.STATIC) {
                return new ConstantCallSite(armed);
            }
            entry = lookup.findStatic(declaring, e.getName(), type);
        } catch (NoSuchMethodException | IllegalAccessException | SecurityException | LinkageError e) {
            return new ConstantCallSite(armed);
        }
        return new ConstantCallSite(entriesValid.guardWithTest(entry, armed));
    }

    private static final MethodHandle INITIALIZE;

    static {
        try {
            INITIALIZE = MethodHandles.lookup().findVirtual(InitializedFirst.class, "initialize", MethodType.methodType(void.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The class that declares the method of an armed static call, initialised before the call arms its key. The JVM
     * initialises that class at the call itself, after the arm and before the method's bridge runs: an initialiser that
     * called the same method would take the key the call armed, and a yield under it would suspend through the
     * initialiser, which would go on with a dummy value, while the call the coroutine made found no key. Initialised
     * first, the initialiser runs with nothing armed: a suspension under it fails at the yield, naming it, as under an
     * entry (which the JVM initialises before it runs). The call site's look-up initialises it
     * ({@code Lookup.ensureInitialized}); where that look-up cannot see the class (a public static method inherited from
     * a package-private class), {@link Class#forName} does, if the class's loader finds that very class by its name.
     * Once done, a field read per call; a thread that misses the write asks again, and the JVM answers at once (or
     * waits, as the call itself would, for another thread's initialisation). Both raise what the call would: the
     * initialiser's error, wrapped in {@link ExceptionInInitializerError}, then {@link NoClassDefFoundError}.
     */
    static final class InitializedFirst {
        private final MethodHandles.Lookup lookup;
        private final Class<?> declaring;
        private boolean done;

        /** {@code lookup}, the call site's, initialises {@code declaring} when it can see it (the usual case). */
        InitializedFirst(MethodHandles.Lookup lookup, Class<?> declaring) {
            MethodHandles.Lookup sees;
            try {
                lookup.accessClass(declaring);
                sees = lookup;
            } catch (IllegalAccessException e) {
                sees = null; // a method inherited from a class the caller cannot name (a public method of a package-private class)
            }
            this.lookup = sees;
            this.declaring = declaring;
        }

        void initialize() {
            if (!done) {
                try {
                    if (lookup != null) {
                        lookup.ensureInitialized(declaring);
                    } else if (Class.forName(declaring.getName(), false, declaring.getClassLoader()) == declaring) {
                        Class.forName(declaring.getName(), true, declaring.getClassLoader());
                    } // else its loader does not find it by name: the JVM initialises it at the call, as before
                } catch (ClassNotFoundException | IllegalAccessException e) {
                    // not found by name (left to the call), or no longer accessible (cannot happen: checked at the link)
                }
                done = true;
            }
        }
    }

    /**
     * A call a body of a redefined or retransformed class made straight to a body or an entry of its own class
     * ({@link BytecodeContract#EXACT_CALL_BOOTSTRAP}): {@code method} itself, the method another agent may have put code
     * into, called as the call was before the rewriter made it direct. {@code type} is {@code (arguments..., Context)
     * result}, the receiver first for an instance method. The call arms {@code key} for the method's bridge: a static
     * method's alone ({@link Suspension#arm}), an instance method's for the class that declares it
     * ({@link Suspension#armSpecial}: the bridge of a private method, and of a final one on an object of any class that
     * inherits it, takes a key armed for its own class). No entry, whatever the state of the others: the class changed.
     */
    public static CallSite exactCall(MethodHandles.Lookup lookup, String name, MethodType type, MethodHandle method, long key) {
        int count = type.parameterCount();
        MethodHandle withContext = MethodHandles.dropArguments(method, count - 1, Context.class);
        MethodHandleInfo info = lookup.revealDirect(method);
        MethodHandle arm = info.getReferenceKind() == MethodHandleInfo.REF_invokeStatic
                ? MethodHandles.insertArguments(ARM, 1, key)
                : MethodHandles.insertArguments(MethodHandles.insertArguments(ARM_SPECIAL, 2, key), 0, info.getDeclaringClass());
        return new ConstantCallSite(MethodHandles.foldArguments(withContext, count - 1, arm).asType(type));
    }

    /** How many receivers' classes an interface call site tells apart before it arms every call (megamorphic). */
    static final int INTERFACE_SITE_CLASSES = 4;

    private static final MethodHandle IS_CLASS;
    private static final MethodHandle MISS;

    static {
        try {
            IS_CLASS = MethodHandles.lookup().findStatic(Bootstrap.class, "isClass", MethodType.methodType(boolean.class, Class.class, Object.class));
            MISS = MethodHandles.lookup().findVirtual(InterfaceSite.class, "miss", MethodType.methodType(MethodHandle.class, Object.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static boolean isClass(Class<?> c, Object o) {
        return o.getClass() == c;
    }

    /**
     * An interface call at a suspension point: an interface has no virtual entries (a default method would be selected
     * for every class that does not override it, lambdas' included), so the site learns its receivers' classes, up to
     * {@link #INTERFACE_SITE_CLASSES}: for each, behind a test of the receiver's exact class, the virtual entry of the
     * class whose method the call selects (the first class from the receiver's up that declares a non-static,
     * non-private method of that name and descriptor, as {@link Dispatch} works it out), or the armed call of the
     * interface method where there is none (no class declares it, a default method, a lambda, a class the agent did not
     * rewrite, an abstract method, an entry the call site's class may not reach). A receiver of a further class is
     * armed, as all interface calls were before, while the classes it knows keep their targets. So is a receiver
     * whose class's loader is not the caller's nor one the caller's delegates to: the site would keep that class, and its
     * loader, from being unloaded; it stops learning there. Every target, the learning one included, does
     * what the armed call does, so a receiver of any class, on any thread, at any time, gets the same result.
     */
    private static final class InterfaceSite extends MutableCallSite {
        private final MethodHandles.Lookup lookup;
        private final Class<?> owner;
        private final String name;
        private final MethodType original;
        private final MethodHandle armed;
        private final long virtualKey;
        private final List<Class<?>> classes = new ArrayList<>();
        private final List<MethodHandle> targets = new ArrayList<>();
        /** No more learning: four classes known, or a class met that the site must not keep. */
        private boolean full;

        InterfaceSite(MethodHandles.Lookup lookup, Class<?> owner, String name, MethodType original, MethodHandle armed) {
            super(armed.type());
            this.lookup = lookup;
            this.owner = owner;
            this.name = name;
            this.original = original;
            this.armed = armed;
            this.virtualKey = BytecodeContract.key(name + original.toMethodDescriptorString());
        }

        InterfaceSite linked() {
            relink(learning());
            return this;
        }

        /** The target that learns: asks {@link #miss} for the receiver's class's target, then calls it. */
        private MethodHandle learning() {
            return MethodHandles.foldArguments(MethodHandles.exactInvoker(type()),
                    MISS.bindTo(this).asType(MethodType.methodType(MethodHandle.class, owner)));
        }

        private void relink(MethodHandle chain) {
            setTarget(nullChecked(entriesValid.guardWithTest(chain, armed), owner, name, original));
        }

        /** A receiver of a class the site has not met: the target for that class, now and, while there is room, from now on. */
        @SuppressWarnings("unused") // called through MISS
        private synchronized MethodHandle miss(Object receiver) {
            Class<?> c = receiver.getClass();
            int known = classes.indexOf(c);
            if (known >= 0) {
                return targets.get(known); // another thread linked it meanwhile
            }
            MethodHandle target = entryOf(c);
            if (full) {
                return target; // the site already arms every call of a class it does not know
            }
            if (!Dispatch.outlives(c, lookup.lookupClass())) {
                // a class of a loader that may go away before the caller's (a plug-in's): kept by the site, it could
                // never be unloaded; the site stops learning and arms the calls of classes it does not know
                full = true;
            } else {
                classes.add(c);
                targets.add(target);
                full = classes.size() == INTERFACE_SITE_CLASSES;
            }
            MethodHandle chain = full ? armed : learning();
            List<Class<?>> rest = type().parameterList().subList(1, type().parameterCount());
            for (int i = classes.size() - 1; i >= 0; i--) {
                MethodHandle test = MethodHandles.dropArguments(IS_CLASS.bindTo(classes.get(i)).asType(MethodType.methodType(boolean.class, owner)), 1, rest);
                chain = MethodHandles.guardWithTest(test, targets.get(i), chain);
            }
            relink(chain);
            return target;
        }

        /** The virtual entry of the class whose method the call selects on a {@code c}, or the armed call where there is none. */
        private MethodHandle entryOf(Class<?> c) {
            Class<?> declaring = Dispatch.target(c, virtualKey);
            if (declaring == null || declaring.isInterface() || declaring.isHidden() || declaring.getClassLoader() == null) {
                return armed;
            }
            try {
                Method entry = declaring.getDeclaredMethod(BytecodeContract.VIRTUAL_ENTRY_PREFIX + name,
                        original.appendParameterTypes(Context.class).parameterArray());
                int modifiers = entry.getModifiers();
                if (entry.getReturnType() != original.returnType() || (modifiers & (Modifier.STATIC | Modifier.PRIVATE | Modifier.ABSTRACT)) != 0) {
                    return armed;
                }
                return MethodHandles.privateLookupIn(declaring, lookup).unreflect(entry).asType(type());
            } catch (NoSuchMethodException | IllegalAccessException | SecurityException | LinkageError e) {
                return armed;
            }
        }
    }

    private static final MethodHandle IS_NULL;
    private static final MethodHandle NEW_NPE;

    static {
        try {
            IS_NULL = MethodHandles.lookup().findStatic(java.util.Objects.class, "isNull", MethodType.methodType(boolean.class, Object.class));
            NEW_NPE = MethodHandles.lookup().findConstructor(NullPointerException.class, MethodType.methodType(void.class, String.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * {@code target}, after a check that the receiver is not {@code null}: a {@code NullPointerException} thrown inside a
     * method handle has no message, where the {@code invokevirtual} it replaces gave the JDK's own ("Cannot invoke
     * "C.m(String)"" and, when the JDK can tell, which value was null; that part only the JVM can work out). Nothing
     * runs before it, as before the call.
     */
    private static MethodHandle nullChecked(MethodHandle target, Class<?> owner, String name, MethodType original) {
        MethodType type = target.type();
        MethodHandle isNull = MethodHandles.dropArguments(IS_NULL.asType(MethodType.methodType(boolean.class, type.parameterType(0))), 1,
                type.parameterList().subList(1, type.parameterCount()));
        MethodHandle npe = MethodHandles.insertArguments(NEW_NPE, 0, "Cannot invoke \"" + javaName(owner) + "." + name + "("
                + original.parameterList().stream().map(Bootstrap::javaName).collect(java.util.stream.Collectors.joining(", ")) + ")\"");
        MethodHandle thrower = MethodHandles.foldArguments(MethodHandles.throwException(type.returnType(), NullPointerException.class), npe);
        return MethodHandles.guardWithTest(isNull, MethodHandles.dropArguments(thrower, 0, type.parameterList()), target);
    }

    /** A type as the JDK's messages for a null receiver name it: {@code String} and {@code Object} without their package. */
    private static String javaName(Class<?> c) {
        return c == String.class || c == Object.class ? c.getSimpleName() : c.isArray() ? javaName(c.getComponentType()) + "[]" : c.getName();
    }

    /** The constructor of the point class of {@code adapter}, a static method of the lookup's class: defined on first use. */
    private static MethodHandle pointConstructor(MethodHandles.Lookup lookup, MethodHandleInfo adapter) throws ReflectiveOperationException {
        Class<?> host = lookup.lookupClass();
        if (adapter.getDeclaringClass() != host || adapter.getReferenceKind() != MethodHandleInfo.REF_invokeStatic) {
            throw new IllegalArgumentException("coflow internal error: the resume adapter " + adapter
                    + " is not a static method of " + host.getName());
        }
        Map<String, MethodHandle> byAdapter = POINT_CLASSES.get(host);
        MethodHandle made = byAdapter.get(adapter.getName());
        if (made != null) {
            return made;
        }
        String hostName = host.getName().replace('.', '/');
        byte[] bytes = ResumePointClass.bytes(hostName + ResumePointClass.NAME_SUFFIX, hostName, host.isInterface(), adapter.getName());
        MethodHandles.Lookup point = lookup.defineHiddenClass(bytes, true, MethodHandles.Lookup.ClassOption.NESTMATE);
        made = point.findConstructor(point.lookupClass(), POINT_TYPE);
        MethodHandle raced = byAdapter.putIfAbsent(adapter.getName(), made);
        return raced != null ? raced : made;
    }
}
