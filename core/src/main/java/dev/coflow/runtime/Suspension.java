package dev.coflow.runtime;

import dev.coflow.NotRewrittenException;
import java.util.Iterator;

/**
 * Not API. Static entry points that rewritten methods call; each is small enough for the JIT to
 * inline. Descriptors are listed in {@link BytecodeContract}.
 */
public final class Suspension {
    private Suspension() {
    }

    /** The coroutine running on this thread, or a context that is never suspending when there is none. */
    public static Context current() {
        Carrier k = Carrier.forCurrentThread();
        Context c = k.current;
        return c != null && c.runsOn(k) ? c : Context.NONE;
    }

    /**
     * Begins a suspension at a {@code Coroutines.yield} in a rewritten method: records the value and
     * sets the flag that makes the chain spill and return. Returns the context, which the method
     * keeps.
     */
    public static Context yield(Object value, Context context) {
        if (context == null || context.suspending || context == Context.NONE || context == Context.FOREIGN || STRICT) {
            if (context == Context.FOREIGN) {
                throw Diagnostics.foreignEntry();
            }
            return beginRuntimeSuspension(value);
        }
        context.beginSuspension(value);
        return context;
    }

    /**
     * {@code -Dcoflow.strict=true} (the agent's {@code strict=true} sets it): every suspension walks
     * the stack and refuses to begin when a method that was not rewritten stands between it and the
     * coroutine's start. Off by default: a stack walk per suspension costs microseconds.
     */
    static final boolean STRICT = Boolean.getBoolean("coflow.strict");

    // ---------------------------------------------------------------- entering and calling (the armed-call protocol)

    /**
     * The bridge of a rewritten static method, on a fresh call: the context its body runs with. When a coroutine is
     * running, the caller must have armed this call ({@link #arm}) with {@code key} (of the method's class, name and
     * descriptor, {@link BytecodeContract#staticCall}) and no class; the key is taken. Otherwise a method that was not rewritten called this
     * one (a key armed for an instance or interface call of the same name, which a plain implementation passed on to
     * this static method, has a class), and the body gets {@link Context#FOREIGN}: it runs as plain code, and a
     * suspension in it, or in anything it calls, is refused at the yield. Outside any coroutine: {@link Context#NONE}.
     */
    public static Context enterStatic(long key) {
        Carrier k = Carrier.forCurrentThread();
        long e = k.expect;
        if (e == key && k.expectClass == null) {
            // only the running coroutine's frames arm this carrier, and a coroutine that leaves drops its key
            k.expect = 0;
            return k.current;
        }
        return e == 0 ? k.unarmed() : enterUnarmed(k, e);
    }

    /**
     * The bridge of a rewritten instance method that calls can select (not private), declared in {@code declaring}:
     * as {@link #enterStatic}, with {@code key} or {@code interfaceKey} ({@code "*" + key}, a call through an interface),
     * and the key must have been armed for a call that selects this very method: on an object of a class whose calls
     * of it run {@code declaring}'s ({@link #armVirtual}: the receiver's class; {@link #armSpecial}: the class a
     * {@code super} call names). A method that was not rewritten and calls a method of the same name on another object
     * (a decorator, a dynamic proxy, the JDK's {@code Function.andThen}) or on the same one ({@code super} in an
     * override) armed nothing itself, and the call its caller armed selected that forwarder, not this method.
     */
    public static Context enterInstance(long key, long interfaceKey, Class<?> declaring) {
        Carrier k = Carrier.forCurrentThread();
        long e = k.expect;
        if ((e == key || e == interfaceKey) && k.expectClass == declaring) {
            k.expect = 0;
            return k.current;
        }
        // the rest out of line: the JIT charges every byte it inlines here to the caller's budget (see Carrier.forCurrentThread)
        return e == 0 ? k.unarmed() : enterInherited(k, e, key, interfaceKey, declaring);
    }

    /** {@link #enterInstance} with a key armed for a class other than {@code declaring}: one that inherits the method, or another call. */
    private static Context enterInherited(Carrier k, long e, long key, long interfaceKey, Class<?> declaring) {
        if (e == key || e == interfaceKey) {
            Class<?> c = k.expectClass;
            if (c == k.selectedOn && declaring == k.selectedIn && key == k.selectedKey || selectsInherited(k, c, key, declaring)) {
                k.expect = 0;
                return k.current;
            }
        }
        return enterUnarmed(k, e);
    }

    /** {@code Dispatch.selects}, remembered on the carrier when it is true (the one-entry cache {@code enterInstance} reads). */
    private static boolean selectsInherited(Carrier k, Class<?> armed, long key, Class<?> declaring) {
        if (!Dispatch.selects(armed, key, declaring)) {
            return false;
        }
        k.selectedOn = armed;
        k.selectedIn = declaring;
        k.selectedKey = key;
        return true;
    }

    /**
     * A virtual entry ({@link BytecodeContract#VIRTUAL_ENTRY_PREFIX}) of the method {@code key} declared in
     * {@code declaring}, reached on an object of another class: whether a call on {@code self} selects
     * {@code declaring}'s method, so that the entry may run its body with the caller's {@code context}. Not when a class
     * between them overrides the method and was not rewritten (or its override was refused): the entry then calls the
     * method as the call site would have, and this arms {@code key} for {@code self}'s class first, as the call site did
     * before virtual entries ({@link #armVirtual}).
     */
    public static boolean enterVirtual(Object self, Context context, long key, Class<?> declaring) {
        Carrier k = context.carrier;
        Class<?> c = self.getClass();
        boolean selected = k == null ? Dispatch.selects(c, key, declaring)
                : c == k.selectedOn && declaring == k.selectedIn && key == k.selectedKey || selectsInherited(k, c, key, declaring);
        if (!selected && k != null) {
            arm(k, c, key);
        }
        return selected;
    }

    /**
     * What a virtual entry of {@code declaring} stores in one of its caches ({@link BytecodeContract#ENTRY_CACHE_PREFIX},
     * {@link BytecodeContract#ENTRY_PLAIN_CACHE_PREFIX}, static fields of {@code declaring}) after it learnt how a call on
     * {@code seen} selects: {@code seen}, unless that would keep a class {@code declaring} may outlive, one of a plug-in's
     * loader ({@link Dispatch#outlives}) or a hidden class, unloaded on its own; then {@code declaring}, which the entry
     * tests first anyway, so the cache stays empty and calls on {@code seen} keep asking {@link #enterVirtual}.
     */
    public static Class<?> entryCache(Class<?> seen, Class<?> declaring) {
        return Dispatch.outlives(seen, declaring) && !seen.isHidden() ? seen : declaring;
    }

    /**
     * The bridge of a rewritten private instance method, declared in {@code declaring}: as {@link #enterInstance}, but
     * no call selects a private method by its receiver's class (none overrides it), so the key must have been armed for
     * {@code self}'s class (a call of a nestmate) or for {@code declaring} ({@link #armSpecial}).
     */
    public static Context enterPrivate(long key, long interfaceKey, Object self, Class<?> declaring) {
        Carrier k = Carrier.forCurrentThread();
        long e = k.expect;
        if (e == key || e == interfaceKey) {
            Class<?> c = k.expectClass;
            if (c == declaring || c == self.getClass()) {
                k.expect = 0;
                return k.current;
            }
        }
        return e == 0 ? k.unarmed() : enterUnarmed(k, e);
    }

    /**
     * Whether the class a call was armed for lets its key reach a lambda's body: the hidden class of a lambda or
     * method reference made at a rewritten site ({@link RewrittenBody}, which calls the body at once), or none (the
     * coroutine's start, {@code Context.armRoot}). The hidden class of any other lambda (the JDK's {@code andThen})
     * does not pass the key on.
     */
    static boolean bodyClass(Class<?> c) {
        return c == null || RewrittenBody.class.isAssignableFrom(c);
    }

    private static Context enterUnarmed(Carrier k, long e) {
        Context c = k.current;
        if (c == null || !c.runsOn(k)) {
            return Context.NONE;
        }
        if (e != 0) {
            k.expect = 0;
            if (e == ROOT_SUPPLIER || e == ROOT_RUNNABLE || e == ROOT_UNMARKED || e == ROOT_DIRECT_HANDLE) {
                return Diagnostics.calledByRoot(e == ROOT_DIRECT_HANDLE) ? c : Context.FOREIGN;
            }
        }
        return Context.FOREIGN;
    }

    /**
     * At the entry of a coroutine method the rewriter refused (a {@code synchronized} one, say): the method
     * runs as it was written and cannot be saved, so the key its caller armed must not reach anything it
     * calls. Without this, a refused method forwarding to another implementation of the same interface
     * method would hand that implementation its caller's key, a suspension below would be accepted, and
     * the refused frame would be skipped on resume. With it, such a suspension fails at the yield.
     */
    public static void enterRefused() {
        Carrier k = Carrier.forCurrentThread();
        if (k.expect != 0) {
            k.expect = 0;
        }
    }

    /** The keys a handle arms for its body's first call: {@code Supplier.get} and {@code Runnable.run}. */
    public static final long ROOT_SUPPLIER = BytecodeContract.key("*get()Ljava/lang/Object;");
    public static final long ROOT_RUNNABLE = BytecodeContract.key("*run()V");
    /**
     * The key a handle arms for a body that is not a {@link RewrittenBody}: equal to no method's key, so an
     * entry accepts it only after {@code Diagnostics.calledByRoot} found the handle right below (through
     * nothing but the JDK's classes of lambdas and method references). A plain root method does not take it, and a
     * lambda its callees call back must not: it is not the root.
     */
    public static final long ROOT_UNMARKED = BytecodeContract.key("(the root of a coroutine whose body is not rewritten)");
    /**
     * {@link #ROOT_UNMARKED} for a body that is a direct method handle made into its interface by
     * {@code MethodHandleProxies} ({@code Diagnostics.isDirectHandleProxy}): the walk also lets the proxy's and the method
     * handles' frames through, which for such a handle only forward.
     */
    public static final long ROOT_DIRECT_HANDLE = BytecodeContract.key("(the root of a coroutine whose body is a direct method handle)");

    /** The key a handle arms for a body that is not a {@link RewrittenBody}. */
    public static long unmarkedRootKey(Object body) {
        return Diagnostics.isDirectHandleProxy(body) ? ROOT_DIRECT_HANDLE : ROOT_UNMARKED;
    }

    /**
     * The bridge of a rewritten lambda body or method-reference adapter ({@code lambda$…},
     * {@code coflow$ref$…}): its caller is the hidden class of the lambda, called through the
     * functional interface. The armed key must be that interface call: {@code samKey} or
     * {@code bridgeKey} (the keys of {@code "*" + name + descriptor} of the interface method and of a
     * bridge of it; either may be 0; both 0: any interface call).
     */
    public static Context enterForwarded(long samKey, long bridgeKey) {
        Carrier k = Carrier.forCurrentThread();
        long e = k.expect;
        return e == 0 ? k.unarmed() : enterForwardedArmed(k, e, samKey, bridgeKey);
    }

    private static Context enterForwardedArmed(Carrier k, long e, long samKey, long bridgeKey) {
        if ((e == samKey || e == bridgeKey || samKey == 0 && bridgeKey == 0 && (e & 1) != 0) && bodyClass(k.expectClass)) {
            k.expect = 0;
            return k.current;
        }
        Context c = k.current;
        if (c == null || !c.runsOn(k)) {
            return Context.NONE;
        }
        k.expect = 0;
        if (e == ROOT_UNMARKED || e == ROOT_DIRECT_HANDLE) {
            return Diagnostics.calledByRoot(e == ROOT_DIRECT_HANDLE) ? c : Context.FOREIGN;
        }
        return Context.FOREIGN;
    }

    // ---------------------------------------------------------------- bridges of a class another agent changed

    /**
     * {@link #enterStatic} in a bridge of a class another agent changed after it was loaded
     * ({@code RedefinedClass.forAnotherAgent}), whose code runs first in the bridge: the key is taken only when a
     * rewritten frame called the bridge ({@link Diagnostics#bridgeCalledByRewritten}). Mockito's answer calling the real
     * method of a spy calls the bridge again from Mockito's frames, while the key its caller armed for the first call is
     * still in the carrier; taken there, a suspension below would go through Mockito's frames and skip what the answer
     * does with the value when it resumes. Refused, the body runs as plain code and such a suspension fails at the yield.
     * A stack walk whenever a key would be taken: only in classes another agent changed (in practice, tests with Mockito).
     */
    public static Context enterStaticWatched(long key) {
        return watched(enterStatic(key));
    }

    /** {@link #enterInstance} in a bridge of a class another agent changed: see {@link #enterStaticWatched}. */
    public static Context enterInstanceWatched(long key, long interfaceKey, Class<?> declaring) {
        return watched(enterInstance(key, interfaceKey, declaring));
    }

    /** {@link #enterPrivate} in a bridge of a class another agent changed: see {@link #enterStaticWatched}. */
    public static Context enterPrivateWatched(long key, long interfaceKey, Object self, Class<?> declaring) {
        return watched(enterPrivate(key, interfaceKey, self, declaring));
    }

    /** {@link #enterForwarded} in a bridge of a class another agent changed: see {@link #enterStaticWatched}. */
    public static Context enterForwardedWatched(long samKey, long bridgeKey) {
        return watched(enterForwarded(samKey, bridgeKey));
    }

    private static Context watched(Context taken) {
        if (taken == Context.NONE || taken == Context.FOREIGN || taken == null) {
            return taken;
        }
        return Diagnostics.bridgeCalledByRewritten() ? taken : Context.FOREIGN;
    }

    /**
     * Before a static call at a suspension point: the callee's bridge will find {@code key}. Arms nothing
     * outside a coroutine or in a frame entered by a method that was not rewritten.
     */
    public static void arm(Context context, long key) {
        Carrier k = context.carrier;
        if (k != null) {
            arm(k, null, key);
        }
    }

    /**
     * Arms {@code key} for {@code c} on a running coroutine's carrier. Apart from the entry points that call it: in a
     * frame that runs as plain code (no carrier) each arm, and {@link #called} after the call, is then a load and a
     * branch in the bytes the JIT counts against its inlining budget.
     */
    private static void arm(Carrier k, Class<?> c, long key) {
        if (k.expectClass != c) {
            k.expectClass = c;
        }
        k.expect = key;
    }

    /**
     * Before a virtual or interface call at a suspension point ({@code invokevirtual}, {@code invokeinterface}): arms
     * {@code key} for the receiver's class, which only the bridge of the method such a call selects accepts
     * ({@link #enterInstance}); a lambda's body only when the class is the hidden class of a lambda made at a rewritten
     * site ({@link #enterForwarded}). The class is stored only when it changed: a reference stored into the carrier
     * pays G1's write barrier, so a call site that meets one class stores nothing. The receiver comes first so that the
     * call site only copies it from under the arguments; a {@code null} one arms no class (the call throws first).
     */
    public static void armVirtual(Object receiver, Context context, long key) {
        Carrier k = context.carrier;
        if (k != null) {
            arm(k, receiver == null ? null : receiver.getClass(), key);
        }
    }

    /**
     * Before an {@code invokespecial} call at a suspension point ({@code super.m()}, {@code I.super.m()}, a private
     * method): arms {@code key} for the class the instruction names, where the JVM's look-up of the method starts.
     */
    public static void armSpecial(Class<?> owner, Context context, long key) {
        Carrier k = context.carrier;
        if (k != null) {
            arm(k, owner, key);
        }
    }

    /**
     * After a call at a suspension point returned: drops the key when the callee did not take it
     * (a method that was not rewritten), and tells whether the callee suspended.
     */
    public static boolean called(Context context) {
        Carrier k = context.carrier;
        return k != null && calledOn(k, context); // a context without a carrier (NONE, FOREIGN) never suspends
    }

    private static boolean calledOn(Carrier k, Context context) {
        if (k.expect != 0) {
            k.expect = 0;
        }
        return context.suspending;
    }

    /** At the start of an exception handler of a rewritten body: a call that threw left no key behind. */
    public static void disarm(Context context) {
        Carrier k = context.carrier;
        if (k != null) {
            disarm(k);
        }
    }

    private static void disarm(Carrier k) {
        if (k.expect != 0) {
            k.expect = 0;
        }
    }

    /**
     * At the start of a suspension the runtime makes itself ({@code Coroutines.yieldFrom},
     * {@code yieldAll}), called by rewritten code that armed {@code key}: refuses, before any side
     * effect, outside a coroutine or when a method that was not rewritten called the delegation.
     */
    public static void requireArmed(long key) {
        Carrier k = Carrier.forCurrentThread();
        Context c = k.current;
        if (c == null || !c.runsOn(k)) {
            throw Diagnostics.outsideCoroutine();
        }
        long e = k.expect;
        k.expect = 0;
        if (e != key || k.expectClass != null) {
            // not armed, or armed for an instance call of a method with the delegation's name that was not rewritten
            throw Diagnostics.foreignEntry();
        }
    }

    /** A suspension that begins where the context is not known yet, or the unusual cases, with their errors. */
    static Context beginRuntimeSuspension(Object value) {
        Context c = current();
        if (c == Context.NONE) {
            throw Diagnostics.outsideCoroutine();
        }
        if (c.suspending) {
            throw Diagnostics.yieldWhileUnwinding(c);
        }
        if (STRICT) {
            Diagnostics.checkChain();
        }
        c.beginSuspension(value);
        return c;
    }

    /**
     * {@code Coroutines.yieldAll} over an iterator that has a next element: suspends the running
     * coroutine yielding that element, in a frame of the runtime's own that yields the following
     * ones as it is resumed ({@link RuntimeFrames}).
     */
    public static void suspendIterating(Iterator<?> iterator) {
        RuntimeFrames.suspend(iterator.next(), RuntimeFrames.ITERATION, RuntimeFrames.ITERATION_SHAPE, iterator, null);
    }

    /**
     * {@code Coroutines.yieldFrom(delegate)}: suspends the running coroutine yielding {@code mark},
     * in a delegation frame whose {@code r0} is {@code delegate} (a {@link Frames.R2P0}; its
     * {@code r1} is the delegation trampoline's to use). Resumed with the delegate's result, which
     * becomes the value of the call, or with its exception, raised there.
     */
    public static void suspendDelegating(Object mark, Object delegate) {
        RuntimeFrames.suspend(mark, RuntimeFrames.DELEGATION, RuntimeFrames.DELEGATION_SHAPE, delegate, null);
    }

    /** Whether {@code f} is a delegation frame ({@link #suspendDelegating}). */
    public static boolean isDelegationFrame(Frame f) {
        return f != null && f.point == RuntimeFrames.DELEGATION;
    }

    /**
     * A frame to spill into, of the fixed shape the agent chose for the method: {@code reuse} (the
     * frame the method was resumed with, always of that shape), or a pooled or new one whose
     * {@link RefFrame#r0} is {@code self} (for an instance method; {@code null} for a static one).
     */
    public static Frame frame(Context context, Frame reuse, int shape, Object self) {
        if (reuse != null) {
            return reuse;
        }
        return FramePool.newFrame(context, shape, self);
    }

    /**
     * The spill of a method suspending where it has no frame yet (called fresh, not resumed), for a fixed shape:
     * what {@link #frame}, {@link #stopAt} and {@link #push} do, with the chain's bottom read once. Checks the
     * callee as {@link #push} does (the message names {@code point}), then takes the frame (a spare in place, else
     * one from the pool, else a new one), links it below the frames pushed so far, and records {@code self} as its
     * {@link RefFrame#r0} (an instance method) and {@code point} in it. The spill then stores its values into the
     * frame it returns. Kept small enough for the JIT to inline into every spill (design.md, "Frame layout").
     */
    public static Frame pushNew(Context context, int shape, Object self, ResumePoint point, String calleeName, String calleeDescriptor) {
        Frame callee = context.chainBottom();
        if (isBroken(callee, calleeName, calleeDescriptor)) {
            throw Diagnostics.foreignFrame(context, point, calleeName, calleeDescriptor);
        }
        // the common case in a few loads and no reference store: a spare in place (a rebuilt chain's frame)
        Frame f = context.takeSpare(shape, callee, point);
        if (f != null) {
            context.pushedInPlace(f);
        } else {
            f = FramePool.pushPooledOrNew(context, callee, shape); // a call of its own: keeps this method small (see there)
        }
        if (self != null && ((RefFrame) f).r0 != self) {
            ((RefFrame) f).r0 = self; // a spare of the same call site holds the same receiver already
        }
        if (f.point != point) {
            f.point = point;
        }
        return f;
    }

    /** Whether {@code callee}, the frame pushed just before, is not the one a push naming that callee expects. */
    private static boolean isBroken(Frame callee, String calleeName, String calleeDescriptor) {
        if (calleeName != null) {
            return callee == null || callee.point.name != calleeName || callee.point.descriptor != calleeDescriptor;
        }
        return calleeDescriptor == null ? callee != null : callee == null;
    }

    /**
     * Records the suspension point a frame stops at. A frame resumed and suspending again at the same
     * point (a loop around a yield) already holds it: no store then, and so no write barrier.
     */
    public static void stopAt(Frame frame, ResumePoint point) {
        if (frame.point != point) {
            frame.point = point;
        }
    }

    /** As {@link #frame}, for a method that saves more values than a fixed shape holds. */
    public static Frame arraysFrame(Context context, Frame reuse, int refCount, int primCount, Object self) {
        if (reuse != null) {
            return reuse;
        }
        return FramePool.newArraysFrame(context, refCount, primCount, self);
    }

    /**
     * Pushes a spilled frame. {@code calleeName}/{@code calleeDescriptor} name the coroutine method
     * called at the suspension point: the frame pushed just before (the callee's) must belong to it,
     * else a method that was not rewritten sits between the two and the chain cannot be resumed.
     * At a yield both are {@code null} and no frame may have been pushed yet. At a call through an
     * interface ({@code calleeName} null, descriptor {@link #ANY_CALLEE}) any callee frame is
     * accepted: a lambda or method reference implements the interface with a method of another name.
     */
    public static void push(Context context, Frame frame, String calleeName, String calleeDescriptor) {
        Frame callee = context.chainBottom();
        if (isBroken(callee, calleeName, calleeDescriptor)) {
            throw Diagnostics.foreignFrame(context, frame.point, calleeName, calleeDescriptor);
        }
        context.push(frame, callee);
    }

    /** The callee descriptor passed to {@link #push} for a call through an interface: any callee frame will do. */
    public static final String ANY_CALLEE = "*";

    /** A resume dispatch met a state its method does not have: the frame does not belong to it. */
    public static RuntimeException badState(Frame frame) {
        return new IllegalStateException("coflow internal error: frame of "
                + (frame.point == null ? "?" : frame.point.toString() + " resumed in state " + frame.point.state));
    }

    /** Thrown by the public {@code Coroutines.yield} methods: rewritten code never calls them. */
    public static NotRewrittenException notRewritten(String what) {
        return Diagnostics.notRewritten(what);
    }
}
