package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.CoroutineHandle;
import dev.coflow.NotRewrittenException;
import dev.coflow.StopIteration;
import dev.coflow.agent.harness.CaseClassLoader;
import dev.coflow.agent.harness.Roots;
import dev.coflow.agent.locks.Locks;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Catalogue 33: locks held by frames of a coroutine across a yield. A {@code ReentrantLock} belongs to the thread that
 * took it, and coflow does not track it: resumed on that thread, the coroutine goes on holding it; resumed on another,
 * its {@code unlock} fails as the JDK says it does, and the lock stays with the first thread (the documented limit:
 * README "What is not supported", design.md "Monitors"). A plain frame holding a monitor between coroutine frames is a
 * foreign frame: the yield below it fails before it suspends, and the monitor is released as the failure leaves the
 * {@code synchronized} block.
 */
class LocksAcrossYieldTest {
    private final ExecutorService other = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() throws InterruptedException {
        other.shutdownNow();
        assertTrue(other.awaitTermination(10, TimeUnit.SECONDS));
    }

    private static Class<?> fixture() throws ClassNotFoundException {
        return new CaseClassLoader("dev.coflow.agent.locks.").loadClass(Locks.class.getName());
    }

    private static ReentrantLock lockOf(Class<?> fixture) throws ReflectiveOperationException {
        return (ReentrantLock) fixture.getField("LOCK").get(null);
    }

    @Test
    void reentrantLock_heldAcrossAYield_resumedOnTheSameThread_isHeldAndReleased() throws Exception {
        Class<?> fixture = fixture();
        ReentrantLock lock = lockOf(fixture);
        CoroutineHandle<Object, Object> h = Roots.coroutine(fixture.getMethod("holdAcross"));
        assertEquals("locked true", h.next());
        assertTrue(lock.isLocked(), "held while suspended");
        StopIteration done = assertThrows(StopIteration.class, () -> h.send(null));
        assertEquals("still held true", done.value());
        assertFalse(lock.isLocked(), "released by the finally block");
    }

    @Test
    void reentrantLock_heldAcrossAYield_resumedOnAnotherThread_failsToUnlock_asTheJdkSays() throws Exception {
        Class<?> fixture = fixture();
        ReentrantLock lock = lockOf(fixture);
        CoroutineHandle<Object, Object> h = Roots.coroutine(fixture.getMethod("holdAcross"));
        assertEquals("locked true", h.next());
        Throwable failure = other.submit(() -> {
            try {
                h.send(null);
                return null;
            } catch (Throwable t) {
                return t;
            }
        }).get(10, TimeUnit.SECONDS);
        assertTrue(failure instanceof IllegalMonitorStateException, () -> "resumed elsewhere: " + failure);
        assertTrue(lock.isHeldByCurrentThread(), "the lock stays with the thread that took it");
        lock.unlock();
    }

    /**
     * The fix the message gives is true for this frame: annotating a method that holds a monitor around the call would
     * get it refused (a suspension point in a synchronized block or method), so the message says to move the call out
     * of the synchronized code first (before 2026-12-06 it said only to annotate the method).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"throughPlainSynchronized:plainHolder", "throughPlainSynchronizedMethod:plainSynchronizedMethod"})
    void plainFrameHoldingAMonitor_betweenCoroutineFrames_failsAtTheYield_sayingToMoveTheCallOut(String names) throws Exception {
        String root = names.substring(0, names.indexOf(':'));
        String holder = names.substring(names.indexOf(':') + 1);
        Class<?> fixture = fixture();
        Object monitor = holder.equals("plainHolder") ? fixture.getField("MONITOR").get(null) : fixture;
        CoroutineHandle<Object, Object> h = Roots.coroutine(fixture.getMethod(root));
        NotRewrittenException e = assertThrows(NotRewrittenException.class, h::next);
        String message = e.getMessage();
        assertTrue(message.startsWith("A suspension in " + Locks.class.getName() + "#inner"), message);
        assertTrue(message.contains("Fix: " + Locks.class.getName() + "#" + holder + " holds a monitor (a synchronized block or a"
                + " synchronized method) around its call of " + Locks.class.getName() + "#inner"), message);
        assertTrue(message.contains("Move the call out of the synchronized code"), message);
        assertFalse(message.contains("so that the agent rewrites it too"), message);
        assertFalse(Thread.holdsLock(monitor), "the monitor was left held");
        assertTrue(other.submit(() -> {
            synchronized (monitor) {
                return true;
            }
        }).get(10, TimeUnit.SECONDS));
    }

    /** A plain frame that holds no monitor keeps the general fix: annotate it. */
    @Test
    void plainFrameWithoutAMonitor_keepsTheFixToAnnotateIt() throws Exception {
        Class<?> fixture = new CaseClassLoader("dev.coflow.agent.locks.").loadClass(Locks.class.getName() + "$Unlocked");
        NotRewrittenException e = assertThrows(NotRewrittenException.class, Roots.coroutine(fixture.getMethod("root"))::next);
        assertTrue(e.getMessage().contains("Fix: annotate " + Locks.class.getName() + "$Unlocked#plain (it calls "), e::getMessage);
        assertFalse(e.getMessage().contains("holds a monitor"), e::getMessage);
    }
}
