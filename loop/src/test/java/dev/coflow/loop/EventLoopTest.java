package dev.coflow.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventLoopTest {
    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    @Coroutine
    static int slowDouble(int x, long millis) {
        Async.sleep(ms(millis));
        return 2 * x;
    }

    /**
     * The simple name of the exception {@code task.join()} throws, or "value". A join must be called
     * from coroutine code, so not through JUnit's assertThrows (whose frames are not rewritten).
     */
    @Coroutine
    static String joinOutcome(Task<?> task) {
        try {
            task.join();
            return "value";
        } catch (Throwable e) {
            return e.getClass().getSimpleName();
        }
    }

    @Test
    void run_returnsTheMainTasksValue() {
        try (VirtualLoop v = new VirtualLoop()) {
            assertEquals(42, v.run(() -> slowDouble(21, 5)));
            assertEquals(5_000_000L, v.clock.nanos());
        }
    }

    @Test
    void join_returnsTheValueOfEachSpawnedTask() {
        try (VirtualLoop v = new VirtualLoop()) {
            int sum = v.run(() -> {
                Task<Integer> a = Async.spawn(() -> slowDouble(1, 30));
                Task<Integer> b = Async.spawn(() -> slowDouble(10, 10));
                return a.join() + b.join();
            });
            assertEquals(22, sum);
            assertEquals(30_000_000L, v.clock.nanos(), "the two sleeps overlap");
        }
    }

    @Test
    void join_rethrowsTheTasksOwnException() {
        IllegalArgumentException thrown = new IllegalArgumentException("boom");
        try (VirtualLoop v = new VirtualLoop()) {
            Throwable caught = v.run(() -> {
                Task<Object> t = Async.spawn(() -> {
                    Async.sleep(ms(1));
                    throw thrown;
                });
                try {
                    t.join();
                    return null;
                } catch (IllegalArgumentException e) {
                    assertEquals(TaskState.FAILED, t.state());
                    return e;
                }
            });
            assertSame(thrown, caught);
            assertTrue(v.reports.isEmpty(), "a joined failure is not reported: " + v.reports);
        }
    }

    @Test
    void run_rethrowsTheMainTasksException() {
        try (VirtualLoop v = new VirtualLoop()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> v.run(() -> {
                Async.sleep(ms(3));
                throw new IllegalStateException("main failed");
            }));
            assertEquals("main failed", e.getMessage());
        }
    }

    @Test
    void sleep_aThirtySecondTimeoutOnTheVirtualClockTakesNoRealTime() {
        try (VirtualLoop v = new VirtualLoop()) {
            long start = System.nanoTime();
            boolean finished = v.run(() -> Async.moveOnAfter(Duration.ofSeconds(30), () -> Async.sleep(Duration.ofHours(1))));
            long real = System.nanoTime() - start;
            assertFalse(finished);
            assertEquals(30_000_000_000L, v.clock.nanos());
            assertTrue(real < TimeUnit.SECONDS.toNanos(2), "took " + real / 1e6 + " ms of real time");
        }
    }

    @Test
    void sleep_timersFireInDeadlineOrderAndTiesInTheOrderTheyWereSet() {
        try (VirtualLoop v = new VirtualLoop()) {
            v.run(() -> {
                long[] delays = {30, 10, 20, 10, 0, 20};
                for (int i = 0; i < delays.length; i++) {
                    int id = i;
                    long delay = delays[i];
                    Async.spawn(() -> {
                        Async.sleep(ms(delay));
                        v.at("task" + id);
                        return null;
                    });
                }
                Async.sleep(ms(100));
                return null;
            });
            assertEquals(List.of("0 task4", "10 task1", "10 task3", "20 task2", "20 task5", "30 task0"), v.trace);
        }
    }

    @Test
    void spawn_theNewTaskRunsOnlyAfterTheSpawnerSuspends() {
        try (VirtualLoop v = new VirtualLoop()) {
            v.run(() -> {
                Task<Object> child = Async.spawn(() -> {
                    v.at("child");
                    return null;
                });
                v.at("parent before");
                assertEquals(TaskState.NEW, child.state());
                Async.yieldNow();
                v.at("parent after");
                assertEquals(TaskState.DONE, child.state());
                return null;
            });
            assertEquals(List.of("0 parent before", "0 child", "0 parent after"), v.trace);
        }
    }

    @Test
    void cancel_theJoinerSeesCancelledErrorAndTheTaskIsCancelled() {
        try (VirtualLoop v = new VirtualLoop()) {
            v.run(() -> {
                Task<Object> worker = Async.spawn(() -> {
                    try (AutoCloseable resource = () -> v.at("resource closed")) {
                        Async.sleep(Duration.ofSeconds(10));
                        v.at("unreachable");
                    } catch (Exception e) {
                        v.at("caught as Exception (wrong)");
                    } finally {
                        v.at("finally");
                    }
                    return null;
                });
                Async.sleep(ms(5));
                assertEquals(TaskState.WAITING, worker.state());
                assertTrue(worker.cancel());
                assertEquals("CancelledError", joinOutcome(worker));
                assertEquals(TaskState.CANCELLED, worker.state());
                assertFalse(worker.cancel(), "a finished task cannot be cancelled");
                return null;
            });
            assertEquals(List.of("5 resource closed", "5 finally"), v.trace);
            assertEquals(5_000_000L, v.clock.nanos());
        }
    }

    @Test
    void cancel_aTaskThatHasNotStartedNeverStarts() {
        try (VirtualLoop v = new VirtualLoop()) {
            v.run(() -> {
                Task<Object> t = Async.spawn(() -> {
                    v.at("started");
                    return null;
                });
                t.cancel();
                assertEquals("CancelledError", joinOutcome(t));
                assertEquals(TaskState.CANCELLED, t.state());
                return null;
            });
            assertEquals(List.of(), v.trace);
        }
    }

    @Test
    void cancel_duringFinallyInterruptsTheCleanupWhichMaySuspendOnce() {
        try (VirtualLoop v = new VirtualLoop()) {
            v.run(() -> {
                Task<Object> worker = Async.spawn(() -> {
                    try {
                        Async.sleep(Duration.ofSeconds(10));
                    } finally {
                        v.at("cleanup starts");
                        try {
                            Async.sleep(ms(100));  // cleanup may suspend after a cancellation
                            v.at("cleanup done");
                        } finally {
                            v.at("inner finally");
                        }
                    }
                    return null;
                });
                Async.sleep(ms(10));
                worker.cancel();
                Async.sleep(ms(50));
                assertEquals(TaskState.WAITING, worker.state(), "still cleaning up");
                worker.cancel();
                assertEquals("CancelledError", joinOutcome(worker));
                return null;
            });
            assertEquals(List.of("10 cleanup starts", "60 inner finally"), v.trace);
        }
    }

    @Test
    void cancel_aCleanupThatIsNotInterruptedFinishes() {
        try (VirtualLoop v = new VirtualLoop()) {
            v.run(() -> {
                Task<Object> worker = Async.spawn(() -> {
                    try {
                        Async.sleep(Duration.ofSeconds(10));
                    } finally {
                        Async.sleep(ms(100));
                        v.at("cleanup done");
                    }
                    return null;
                });
                Async.sleep(ms(10));
                worker.cancel();
                assertEquals("CancelledError", joinOutcome(worker));
                return null;
            });
            assertEquals(List.of("110 cleanup done"), v.trace);
        }
    }

    @Test
    void cancel_aTaskThatSwallowsItsCancellationIsReported() {
        try (VirtualLoop v = new VirtualLoop()) {
            String value = v.run(() -> {
                Task<String> stubborn = Async.spawn("stubborn", () -> {
                    try {
                        Async.sleep(Duration.ofSeconds(10));
                    } catch (CancelledError e) {
                        return "ignored it";
                    }
                    return "slept";
                });
                Async.sleep(ms(1));
                stubborn.cancel();
                return stubborn.join();
            });
            assertEquals("ignored it", value);
            assertEquals(1, v.loop.swallowedCancellations());
            assertEquals(1, v.reports.size(), v.reports.toString());
            assertTrue(v.reports.get(0).startsWith("[coflow] loop: task 2 'stubborn' swallowed its cancellation"), v.reports.get(0));
            assertTrue(v.reports.get(0).contains("Fix: "), v.reports.get(0));
        }
    }

    @Test
    void run_cancelsTasksStillRunningWhenMainFinishes() {
        try (VirtualLoop v = new VirtualLoop()) {
            v.run(() -> {
                Async.spawn(() -> {
                    try {
                        Async.sleep(Duration.ofDays(1));
                    } finally {
                        v.at("background cancelled");
                    }
                    return null;
                });
                Async.sleep(ms(7));
                return null;
            });
            assertEquals(List.of("7 background cancelled"), v.trace);
        }
    }

    @Test
    void run_anUnjoinedFailureIsReported() {
        try (VirtualLoop v = new VirtualLoop()) {
            v.run(() -> {
                Async.spawn("careless", () -> {
                    throw new IllegalStateException("lost");
                });
                Async.sleep(ms(1));
                return null;
            });
            assertEquals(1, v.reports.size(), v.reports.toString());
            assertTrue(v.reports.get(0).contains("task 2 'careless' failed and nobody joined it: java.lang.IllegalStateException: lost"),
                    v.reports.get(0));
        }
    }

    @Test
    void join_aTaskJoiningItselfIsRefused() {
        try (VirtualLoop v = new VirtualLoop()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> v.run(() -> Async.currentTask().join()));
            assertTrue(e.getMessage().startsWith("task 1 'main' joins itself"), e.getMessage());
            assertTrue(e.getMessage().contains("Fix: "), e.getMessage());
        }
    }

    @Test
    void operations_outsideAnyLoopSayHowToFixIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Async.sleep(ms(1)));
        assertTrue(e.getMessage().startsWith("Async.sleep was called outside an event loop: no loop runs on thread "), e.getMessage());
        assertTrue(e.getMessage().contains("Fix: "), e.getMessage());
    }

    @Test
    void operations_onTheLoopThreadOutsideATaskAreRefused() {
        try (VirtualLoop v = new VirtualLoop()) {
            String message = v.run(() -> {
                CompletableFuture<String> seen = new CompletableFuture<>();
                v.loop.execute(() -> {
                    try {
                        Async.now();
                        seen.complete("no error");
                    } catch (IllegalStateException e) {
                        seen.complete(e.getMessage());
                    }
                });
                return Async.await(seen);
            });
            assertTrue(message.startsWith("Async.now was called on the event loop's thread but outside any task"), message);
        }
    }

    @Test
    void operations_fromAnotherThreadNameTheLoopsThread() throws Exception {
        try (VirtualLoop v = new VirtualLoop()) {
            String message = v.run(() -> Async.runBlocking(() -> {
                try {
                    Async.now();
                    return "no error";
                } catch (IllegalStateException e) {
                    return e.getMessage();
                }
            }));
            assertTrue(message.startsWith("Async.now was called outside an event loop: no loop runs on thread coflow-loop-blocking"),
                    message);
            assertTrue(message.contains("(a loop runs on " + Thread.currentThread().getName()), message);
        }
    }

    @Test
    void spawn_fromAnotherThreadIsRefusedWithTheFix() {
        try (VirtualLoop v = new VirtualLoop()) {
            String message = v.run(() -> Async.runBlocking(() -> {
                try {
                    v.loop.spawn(() -> null, "x");
                    return "no error";
                } catch (IllegalStateException e) {
                    return e.getMessage();
                }
            }));
            assertTrue(message.startsWith("EventLoop.spawn from thread coflow-loop-blocking, but the event loop runs on thread "), message);
            assertTrue(message.contains("Fix: hand the work to the loop with loop.submit(...)"), message);
        }
    }

    @Test
    void run_afterCloseIsRefused() {
        VirtualLoop v = new VirtualLoop();
        v.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> v.run(() -> null));
        assertTrue(e.getMessage().startsWith("run on a closed event loop"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> v.loop.submit(() -> null));
    }

    @Test
    void run_aDeadlockIsReportedWithADump() {
        try (VirtualLoop v = new VirtualLoop()) {
            AsyncEvent never = new AsyncEvent();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> v.run(() -> {
                never.await();
                return null;
            }));
            assertTrue(e.getMessage().startsWith("deadlock: every task waits"), e.getMessage());
            assertTrue(e.getMessage().contains("task 1 'main' WAITING: AsyncEvent.await"), e.getMessage());
        }
    }

    @Test
    void step_aTaskThatYieldsDirectlyGetsAnErrorAtItsYield() {
        try (VirtualLoop v = new VirtualLoop()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> v.run(() -> {
                Coroutines.yield("hello");
                return null;
            }));
            assertTrue(e.getMessage().contains("yielded hello with Coroutines.yield"), e.getMessage());
        }
    }

    @Coroutine
    static void parked(AsyncEvent event) {
        event.await();
    }

    @Test
    void dump_showsEachTaskWhatItWaitsForAndWhere() {
        try (VirtualLoop v = new VirtualLoop()) {
            String dump = v.run(() -> {
                AsyncEvent event = new AsyncEvent();
                Async.spawn("parked", () -> {
                    parked(event);
                    return null;
                });
                Async.yieldNow();
                String text = v.loop.dump();
                event.set();
                return text;
            });
            assertTrue(dump.contains("task 2 'parked' WAITING: AsyncEvent.await"), dump);
            assertTrue(dump.contains("task 2 'parked' WAITING: AsyncEvent.await\n      at dev.coflow.loop.AsyncEvent#await ()V"), dump);
            assertTrue(dump.contains("at dev.coflow.loop.EventLoopTest#parked (Ldev/coflow/loop/AsyncEvent;)V (EventLoopTest.java:"), dump);
            assertTrue(dump.contains("task 1 'main' RUNNING"), dump);
        }
    }

    @Test
    void debug_aStepLongerThanTheThresholdIsReported() {
        try (VirtualLoop v = new VirtualLoop(EventLoop.builder().debug(ms(20)))) {
            v.run(() -> {
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(60);
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
                Async.sleep(ms(1));
                return null;
            });
            // On a loaded machine another step may also be descheduled past 20 ms; the spinning one must be reported.
            assertTrue(v.loop.slowSteps() >= 1);
            assertEquals(v.loop.slowSteps(), v.reports.size(), v.reports.toString());
            String report = v.reports.stream().filter(r -> r.contains(", called from dev.coflow.loop.EventLoopTest#lambda$debug_"))
                    .findFirst().orElseThrow(() -> new AssertionError("the spinning step is not reported: " + v.reports));
            assertTrue(report.startsWith("[coflow] loop: task 1 'main' ran "), report);
            assertTrue(report.contains("without suspending, longer than the debug threshold of 20.0 ms"), report);
            assertTrue(report.contains("it then suspended in dev.coflow.loop.Async#sleep"), report);
            double millis = Double.parseDouble(report.substring("[coflow] loop: task 1 'main' ran ".length(), report.indexOf(" ms without")));
            assertTrue(millis >= 60, "the step spun 60 ms: " + report);
        }
    }
}
