package dev.coflow.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.NotRewrittenException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The carrier and the armed-call protocol (design.md, "Exactness: armed calls"): what a bridge's
 * {@code Suspension.enterStatic}, {@code enterInstance} and {@code enterForwarded} give its body for each state of the
 * thread's carrier.
 */
class ArmedCallProtocolTest {
    private static final long M = BytecodeContract.key("m(I)V");
    private static final long STAR_M = BytecodeContract.key("*m(I)V");
    private static final long OTHER = BytecodeContract.key("other()V");

    private final TestContext ctx = new TestContext();
    private Context previous;

    private void run() {
        previous = ctx.enter();
    }

    @AfterEach
    void leave() {
        if (previous != null || Carrier.forCurrentThread().current == ctx) {
            ctx.leave(previous);
        }
        Carrier.forCurrentThread().expect = 0;
    }

    @Test
    void carrier_isOnePerThread() throws Exception {
        Carrier here = Carrier.forCurrentThread();
        assertSame(here, Carrier.forCurrentThread());
        assertSame(Thread.currentThread(), here.thread);
        AtomicReference<Carrier> there = new AtomicReference<>();
        Thread t = new Thread(() -> there.set(Carrier.forCurrentThread()));
        t.start();
        t.join();
        assertNotSame(here, there.get());
        assertSame(t, there.get().thread);
    }

    @Test
    void current_isTheRunningCoroutineOnly() throws Exception {
        assertSame(Context.NONE, Suspension.current());
        run();
        assertSame(ctx, Suspension.current());
        assertTrue(ctx.isCurrent());
        // another thread sees no coroutine of its own
        assertSame(Context.NONE, CompletableFuture.supplyAsync(Suspension::current).get());
        ctx.leave(previous);
        previous = null;
        assertSame(ctx, Carrier.forCurrentThread().current, "the carrier keeps naming the coroutine that left");
        assertSame(Context.NONE, Suspension.current(), "but it is not believed once the coroutine left");
        assertFalse(ctx.isCurrent());
    }

    @Test
    void enter_givesTheContextToTheCallItsCallerArmed_once() {
        run();
        Suspension.arm(ctx, M);
        assertSame(ctx, Suspension.enterStatic(M));
        assertEquals(0, Carrier.forCurrentThread().expect, "the key is taken");
        assertSame(Context.FOREIGN, Suspension.enterStatic(M), "a second call was not armed");
    }

    @Test
    void enterStatic_refusesAnInterfaceKey_andAKeyArmedForAnInstanceCall() {
        run();
        // a plain implementation of an interface method forwards to a static method of the same name and descriptor
        Suspension.armVirtual(new Target(), ctx, STAR_M);
        assertSame(Context.FOREIGN, Suspension.enterStatic(M));
        assertEquals(0, Carrier.forCurrentThread().expect, "the key is dropped");
        // a plain instance method does the same with a virtual call's key
        Suspension.armVirtual(new Target(), ctx, M);
        assertSame(Context.FOREIGN, Suspension.enterStatic(M));
        Suspension.arm(ctx, M);
        assertSame(ctx, Suspension.enterStatic(M), "a static call's arm has no class");
    }

    @Test
    void enter_withAnotherMethodsKey_isForeign_andDropsTheKey() {
        run();
        Suspension.arm(ctx, OTHER);
        assertSame(Context.FOREIGN, Suspension.enterStatic(M));
        assertEquals(0, Carrier.forCurrentThread().expect);
    }

    @Test
    void enter_outsideAnyCoroutine_isNone() {
        assertSame(Context.NONE, Suspension.enterStatic(M));
        Suspension.arm(Context.NONE, M);
        assertEquals(0, Carrier.forCurrentThread().expect, "NONE arms nothing");
        assertSame(Context.NONE, Suspension.enterStatic(M));
    }

    @Test
    void aForeignFrame_armsNothing() {
        run();
        Suspension.arm(Context.FOREIGN, M);
        assertEquals(0, Carrier.forCurrentThread().expect);
        assertSame(Context.FOREIGN, Suspension.enterStatic(M));
    }

    @Test
    void called_dropsAKeyNobodyTook_andTellsWhetherTheCalleeSuspended() {
        run();
        Suspension.arm(ctx, M);
        assertFalse(Suspension.called(ctx));
        assertEquals(0, Carrier.forCurrentThread().expect);
        ctx.beginSuspension("v");
        assertTrue(Suspension.called(ctx));
        ctx.takeYielded();
    }

    @Test
    void disarm_andLeave_dropALiveKey() {
        run();
        Suspension.arm(ctx, M);
        Suspension.disarm(ctx);
        assertEquals(0, Carrier.forCurrentThread().expect);
        Suspension.arm(ctx, M);
        ctx.leave(previous);
        previous = null;
        assertEquals(0, Carrier.forCurrentThread().expect, "a key carried out of the coroutine is dropped when it leaves");
    }

    @Test
    void enterForwarded_takesOnlyItsInterfaceCalls() {
        long sam = BytecodeContract.key("*get()Ljava/lang/Object;");
        long bridge = BytecodeContract.key("*get()Ljava/lang/String;");
        run();
        Suspension.arm(ctx, sam);
        assertSame(ctx, Suspension.enterForwarded(sam, bridge));
        Suspension.arm(ctx, bridge);
        assertSame(ctx, Suspension.enterForwarded(sam, bridge));
        Suspension.arm(ctx, BytecodeContract.key("*apply(Ljava/lang/Object;)Ljava/lang/Object;"));
        assertSame(Context.FOREIGN, Suspension.enterForwarded(sam, bridge), "another interface's call");
        assertEquals(0, Carrier.forCurrentThread().expect);
        // no keys known: any interface call, but not a call by name
        Suspension.arm(ctx, BytecodeContract.key("*apply(Ljava/lang/Object;)Ljava/lang/Object;"));
        assertSame(ctx, Suspension.enterForwarded(0, 0));
        Suspension.arm(ctx, M);
        assertSame(Context.FOREIGN, Suspension.enterForwarded(0, 0));
        assertSame(Context.FOREIGN, Suspension.enterForwarded(sam, bridge), "nothing armed");
    }

    @Test
    void requireArmed_refusesBeforeAnySideEffect() {
        assertThrows(IllegalStateException.class, () -> Suspension.requireArmed(M), "outside any coroutine");
        run();
        Suspension.arm(ctx, OTHER);
        assertThrows(NotRewrittenException.class, () -> Suspension.requireArmed(M));
        assertEquals(0, Carrier.forCurrentThread().expect, "the wrong key is dropped");
        Suspension.arm(ctx, M);
        Suspension.requireArmed(M);
        assertEquals(0, Carrier.forCurrentThread().expect, "the key is taken");
    }

    @Test
    void yield_inAForeignFrame_isRefusedAtTheYield_namingIt() {
        run();
        NotRewrittenException e = assertThrows(NotRewrittenException.class,
                () -> dev.coflow.runtimefixture.PlainCaller.yieldWith(Context.FOREIGN));
        assertTrue(e.getMessage().contains("cannot be saved") && e.getMessage().contains("PlainCaller"), e.getMessage());
        assertFalse(ctx.suspending, "nothing began");
    }

    @Test
    void yield_outsideAnyCoroutine_saysSo() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Suspension.yield("v", Context.NONE));
        assertTrue(e.getMessage().contains("outside any coroutine"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Suspension.yield("v", null));
    }

    @Test
    void yield_whileASuspensionUnwinds_isRefused() {
        run();
        assertSame(ctx, Suspension.yield("first", ctx));
        NotRewrittenException e = assertThrows(NotRewrittenException.class, () -> Suspension.yield("second", ctx));
        assertTrue(e.getMessage().contains("stands between two coroutine frames"), e.getMessage());
        assertEquals("first", ctx.takeYielded());
    }

    @Test
    void yield_withAContextNotKnownYet_looksItUp() {
        run();
        assertSame(ctx, Suspension.yield("v", null));
        assertTrue(ctx.isSuspending());
        assertEquals("v", ctx.takeYielded());
        assertFalse(ctx.isSuspending());
    }

    /** A plain class standing in for a forwarder, and one for a rewritten target: two classes, two tags. */
    static final class Forwarder {
    }

    static final class Target {
    }

    /** A lambda made as the agent makes one at a rewritten site: its hidden class is marked {@link RewrittenBody}. */
    static Object marked() throws Throwable {
        java.lang.invoke.MethodHandles.Lookup lookup = java.lang.invoke.MethodHandles.lookup();
        java.lang.invoke.MethodType object = java.lang.invoke.MethodType.methodType(Object.class, Object.class);
        java.lang.invoke.MethodHandle body = lookup.findStatic(ArmedCallProtocolTest.class, "identity", object);
        java.lang.invoke.CallSite site = java.lang.invoke.LambdaMetafactory.altMetafactory(lookup, "apply",
                java.lang.invoke.MethodType.methodType(java.util.function.Function.class), object.erase(), body, object,
                java.lang.invoke.LambdaMetafactory.FLAG_MARKERS, 1, RewrittenBody.class);
        return site.getTarget().invoke();
    }

    private static Object identity(Object x) {
        return x;
    }

    /**
     * A virtual entry reached on an object of another class than the one that declares it: its body runs only when a
     * call on that object selects the declaring class's method; otherwise the entry calls the method itself, and
     * {@code enterVirtual} has armed the key for the object's class as the call site used to.
     */
    @Test
    void enterVirtual_acceptsAClassThatInheritsTheMethod_andArmsTheCallOfAnOverride() {
        run();
        Carrier k = Carrier.forCurrentThread();
        assertTrue(Suspension.enterVirtual(new Inherits(), ctx, M, Base.class), "a subclass that inherits the method");
        assertEquals(0, k.expect, "nothing armed for the body");
        assertTrue(Suspension.enterVirtual(new Inherits(), ctx, M, Base.class), "again, from the carrier's remembered selection");
        assertFalse(Suspension.enterVirtual(new Overrides(), ctx, M, Base.class), "a class that overrides it");
        assertEquals(M, k.expect, "armed for the override's call");
        assertSame(Overrides.class, k.expectClass);
        k.expect = 0;
        assertFalse(Suspension.enterVirtual(new Deeper(), ctx, M, Base.class), "a subclass of one that overrides it");
        assertSame(Deeper.class, k.expectClass);
        k.expect = 0;
        assertTrue(Suspension.enterVirtual(new Deeper(), ctx, M, Overrides.class), "the override, inherited");
        // outside any coroutine (a context with no carrier): the same answers, and nothing armed
        ctx.leave(previous);
        previous = null;
        assertTrue(Suspension.enterVirtual(new Inherits(), Context.NONE, M, Base.class));
        assertFalse(Suspension.enterVirtual(new Overrides(), Context.NONE, M, Base.class));
        assertFalse(Suspension.enterVirtual(new Overrides(), Context.FOREIGN, M, Base.class));
        assertEquals(0, k.expect, "no carrier, no arm");
    }

    @Test
    void enterInstance_takesOnlyAKeyArmedForACallThatSelectsItsMethod() {
        run();
        Suspension.armVirtual(new Base(), ctx, M);
        assertSame(ctx, Suspension.enterInstance(M, STAR_M, Base.class), "the call armed for an object of the declaring class");
        Suspension.armVirtual(new Base(), ctx, STAR_M);
        assertSame(ctx, Suspension.enterInstance(M, STAR_M, Base.class), "through an interface");
        Suspension.armVirtual(new Inherits(), ctx, M);
        assertSame(ctx, Suspension.enterInstance(M, STAR_M, Base.class), "a subclass that inherits the method");
        // a plain forwarder took the call armed for it and calls the same method on another object
        Suspension.armVirtual(new Forwarder(), ctx, STAR_M);
        assertSame(Context.FOREIGN, Suspension.enterInstance(M, STAR_M, Base.class), "a key armed for the forwarder's class");
        assertEquals(0, Carrier.forCurrentThread().expect, "and the key is dropped");
        // a plain override took the call armed for it and calls the method it overrides with super
        Suspension.armVirtual(new Overrides(), ctx, M);
        assertSame(Context.FOREIGN, Suspension.enterInstance(M, STAR_M, Base.class), "a key armed for a class that overrides it");
        Suspension.armVirtual(new Deeper(), ctx, M);
        assertSame(Context.FOREIGN, Suspension.enterInstance(M, STAR_M, Base.class), "for a subclass of one that overrides it");
        Suspension.armVirtual(new Deeper(), ctx, M);
        assertSame(ctx, Suspension.enterInstance(M, STAR_M, Overrides.class), "the override itself, inherited");
        // a rewritten override's super call is armed for the class the instruction names
        Suspension.armSpecial(Base.class, ctx, M);
        assertSame(ctx, Suspension.enterInstance(M, STAR_M, Base.class), "super.m() naming the declaring class");
        Suspension.armSpecial(Inherits.class, ctx, M);
        assertSame(ctx, Suspension.enterInstance(M, STAR_M, Base.class), "super.m() naming a class that inherits it");
        Suspension.armSpecial(Overrides.class, ctx, M);
        assertSame(Context.FOREIGN, Suspension.enterInstance(M, STAR_M, Base.class), "super.m() that selects another method");
        Suspension.arm(ctx, M);
        assertSame(Context.FOREIGN, Suspension.enterInstance(M, STAR_M, Base.class), "a bare key (a static call's) is no instance call's");
        Suspension.armVirtual(new Base(), ctx, OTHER);
        assertSame(Context.FOREIGN, Suspension.enterInstance(M, STAR_M, Base.class), "another method's key");
    }

    /**
     * The carrier remembers the last inherited selection it looked up (class armed, key, declaring class), so a loop over
     * objects of one class compares instead of looking up; it stands only for that very triple.
     */
    @Test
    void enterInstance_remembersTheLastInheritedSelection_forThatClassKeyAndMethodOnly() {
        run();
        Suspension.armVirtual(new Inherits(), ctx, M);
        assertSame(ctx, Suspension.enterInstance(M, STAR_M, Base.class), "looked up");
        Carrier k = Carrier.forCurrentThread();
        assertSame(Inherits.class, k.selectedOn);
        assertSame(Base.class, k.selectedIn);
        assertEquals(M, k.selectedKey);
        Suspension.armVirtual(new Inherits(), ctx, STAR_M);
        assertSame(ctx, Suspension.enterInstance(M, STAR_M, Base.class), "remembered, through an interface too");
        Suspension.armVirtual(new Inherits(), ctx, M);
        assertSame(Context.FOREIGN, Suspension.enterInstance(M, STAR_M, Overrides.class), "the same class and key, another method");
        Suspension.armVirtual(new Deeper(), ctx, M);
        assertSame(Context.FOREIGN, Suspension.enterInstance(M, STAR_M, Base.class), "the same key and method, another class");
        Suspension.armVirtual(new Inherits(), ctx, OTHER);
        assertSame(Context.FOREIGN, Suspension.enterInstance(OTHER, OTHER, Base.class), "the same class and method, another key");
        assertSame(Inherits.class, k.selectedOn, "a refused look-up leaves what was remembered");
    }

    @Test
    void enterInstance_ofADefaultMethod_takesTheKeyOnlyWhereItIsTheMostSpecific() {
        run();
        Suspension.armVirtual(new UsesDefault(), ctx, STAR_M);
        assertSame(ctx, Suspension.enterInstance(M, STAR_M, WithDefault.class));
        Suspension.armVirtual(new UsesMoreSpecific(), ctx, STAR_M);
        assertSame(Context.FOREIGN, Suspension.enterInstance(M, STAR_M, WithDefault.class), "another default overrides it");
        Suspension.armVirtual(new UsesMoreSpecific(), ctx, STAR_M);
        assertSame(ctx, Suspension.enterInstance(M, STAR_M, MoreSpecific.class));
        Suspension.armSpecial(WithDefault.class, ctx, M);
        assertSame(ctx, Suspension.enterInstance(M, STAR_M, WithDefault.class), "WithDefault.super.m()");
        Suspension.armVirtual(new OverridesDefault(), ctx, STAR_M);
        assertSame(Context.FOREIGN, Suspension.enterInstance(M, STAR_M, WithDefault.class), "a class overrides the default");
    }

    @Test
    void enterPrivate_takesAKeyArmedForItsObjectsClassOrItsOwn() {
        run();
        Target target = new Target();
        Suspension.armVirtual(target, ctx, M);
        assertSame(ctx, Suspension.enterPrivate(M, STAR_M, target, Target.class), "a nestmate's call");
        Suspension.armSpecial(Target.class, ctx, M);
        assertSame(ctx, Suspension.enterPrivate(M, STAR_M, target, Target.class), "an invokespecial of the private method");
        Suspension.armVirtual(new Forwarder(), ctx, M);
        assertSame(Context.FOREIGN, Suspension.enterPrivate(M, STAR_M, target, Target.class));
    }

    @Test
    void dispatch_selectsAsTheJvmDoes() {
        assertSame(Base.class, Dispatch.select(Inherits.class, M));
        assertSame(Overrides.class, Dispatch.select(Deeper.class, M));
        assertSame(WithDefault.class, Dispatch.select(UsesDefault.class, M));
        assertSame(MoreSpecific.class, Dispatch.select(UsesMoreSpecific.class, M));
        assertEquals(null, Dispatch.select(Target.class, M), "no such method");
        assertEquals(null, Dispatch.select(AbstractAgain.class, M), "abstract again");
        assertEquals("(I)V", Dispatch.descriptor(Base.class.getDeclaredMethods()[0]));
    }

    public static class Base {
        public void m(int x) {
        }
    }

    static class Inherits extends Base {
    }

    static class Overrides extends Base {
        @Override
        public void m(int x) {
        }
    }

    static class Deeper extends Overrides {
    }

    abstract static class AbstractAgain extends Base {
        @Override
        public abstract void m(int x);
    }

    interface WithDefault {
        default void m(int x) {
        }
    }

    interface MoreSpecific extends WithDefault {
        @Override
        default void m(int x) {
        }
    }

    static class UsesDefault implements WithDefault {
    }

    static class UsesMoreSpecific implements MoreSpecific {
    }

    static class OverridesDefault implements WithDefault {
        @Override
        public void m(int x) {
        }
    }

    @Test
    void enterForwarded_takesOnlyAKeyArmedForALambdaOfARewrittenSite() throws Throwable {
        run();
        long sam = BytecodeContract.key("*apply(Ljava/lang/Object;)Ljava/lang/Object;");
        Object marked = marked();
        assertTrue(marked instanceof RewrittenBody && marked.getClass().isSynthetic(), marked.getClass().toString());
        Suspension.armVirtual(marked, ctx, sam);
        assertEquals(sam, Carrier.forCurrentThread().expect);
        assertSame(marked.getClass(), Carrier.forCurrentThread().expectClass);
        assertSame(ctx, Suspension.enterForwarded(sam, 0), "the lambda's body takes it");
        // the JDK's composed lambda (andThen) is a hidden class that is not marked: the body it calls takes nothing
        java.util.function.Function<Object, Object> composed = java.util.function.Function.identity().andThen(x -> x);
        Suspension.armVirtual(composed, ctx, sam);
        assertSame(Context.FOREIGN, Suspension.enterForwarded(sam, 0));
        assertEquals(0, Carrier.forCurrentThread().expect, "and the key is dropped");
        // the coroutine's start and static calls arm no class: the start's key reaches its body
        ctx.armRoot(Suspension.ROOT_SUPPLIER);
        assertEquals(null, Carrier.forCurrentThread().expectClass);
        assertSame(ctx, Suspension.enterForwarded(BytecodeContract.key("*get()Ljava/lang/Object;"), 0));
        Suspension.armVirtual(new Target(), ctx, M);
        Suspension.arm(ctx, M);
        assertEquals(null, Carrier.forCurrentThread().expectClass, "a static call's arm drops the class armed before it");
        Suspension.armVirtual(null, ctx, M);
        assertEquals(M, Carrier.forCurrentThread().expect, "a null receiver arms the key without a class: the call throws first");
        assertEquals(null, Carrier.forCurrentThread().expectClass);
    }

    @Test
    void armVirtual_inAForeignFrame_armsNothing() {
        Suspension.armVirtual(new Target(), Context.FOREIGN, M);
        Suspension.armVirtual(new Target(), Context.FOREIGN, STAR_M);
        assertEquals(0, Carrier.forCurrentThread().expect);
    }
}
