package dev.coflow.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FuturesTest {
    @Test
    void await_aFutureCompletedByAnotherThreadWakesTheBlockedLoop() throws Exception {
        CompletableFuture<String> future = new CompletableFuture<>();
        Thread completer = new Thread(() -> {
            sleepQuietly(100);
            future.complete("from another thread");
        });
        try (EventLoop loop = EventLoop.builder().build()) {
            completer.start();
            long start = System.nanoTime();
            String value = loop.run(() -> Async.await(future));
            assertEquals("from another thread", value);
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
        }
        completer.join();
    }

    @Test
    void await_aFailedFutureRethrowsItsCause() {
        try (EventLoop loop = EventLoop.builder().build()) {
            String message = loop.run(() -> {
                try {
                    return Async.await(CompletableFuture.failedFuture(new IOException("disk")));
                } catch (Exception e) {
                    return e.getClass().getSimpleName() + ": " + e.getMessage();
                }
            });
            assertEquals("IOException: disk", message);
        }
    }

    @Test
    void runBlocking_runsOffTheLoopThreadWhileOtherTasksProgress() {
        try (EventLoop loop = EventLoop.builder().build()) {
            String loopThread = Thread.currentThread().getName();
            String[] seen = new String[2];
            int ticks = loop.run(() -> {
                int[] count = {0};
                Task<Object> ticker = Async.spawn(() -> {
                    while (true) {
                        Async.sleep(Duration.ofMillis(5));
                        count[0]++;
                    }
                });
                seen[0] = Async.runBlocking(() -> {
                    Thread.sleep(100);
                    return Thread.currentThread().getName();
                });
                seen[1] = Thread.currentThread().getName();
                ticker.cancel();
                return count[0];
            });
            assertEquals("coflow-loop-blocking", seen[0]);
            assertEquals(loopThread, seen[1]);
            assertTrue(ticks >= 2, "the ticker ran while the blocking call blocked its own thread: " + ticks);
        }
    }

    @Test
    void submit_startsATaskFromAnotherThread() throws Exception {
        ExecutorService loopThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "chosen-loop-thread"));
        try (EventLoop loop = EventLoop.builder().build()) {
            CompletableFuture<Object> stop = new CompletableFuture<>();
            CompletableFuture<Object> main = loop.startOn(loopThread, () -> Async.await(stop));
            CompletableFuture<String> answer = loop.submit(() -> {
                Async.sleep(Duration.ofMillis(10));
                return Thread.currentThread().getName();
            });
            assertEquals("chosen-loop-thread", answer.get(10, TimeUnit.SECONDS));
            assertNotEquals(-1, loop.dump().indexOf("task 1 'main' WAITING: await"), "a dump from another thread");
            stop.complete("done");
            assertEquals("done", main.get(10, TimeUnit.SECONDS));
        } finally {
            loopThread.shutdownNow();
        }
    }

    @Test
    void cancel_fromAnotherThreadIsHandedToTheLoop() throws Exception {
        ExecutorService loopThread = Executors.newSingleThreadExecutor();
        try (EventLoop loop = EventLoop.builder().build()) {
            CompletableFuture<Task<?>> started = new CompletableFuture<>();
            CompletableFuture<String> main = loop.startOn(loopThread, () -> {
                Task<Object> sleeper = Async.spawn(() -> {
                    Async.sleep(Duration.ofDays(1));
                    return null;
                });
                started.complete(sleeper);
                return EventLoopTest.joinOutcome(sleeper);
            });
            Task<?> sleeper = started.get(10, TimeUnit.SECONDS);
            assertTrue(sleeper.cancel());
            assertEquals("CancelledError", main.get(10, TimeUnit.SECONDS));
            assertEquals(TaskState.CANCELLED, sleeper.state());
        } finally {
            loopThread.shutdownNow();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
