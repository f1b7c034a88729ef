package dev.coflow.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeoutsTest {
    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    @Test
    void moveOnAfter_returnsTrueWhenTheBlockFinishesInTime() {
        try (VirtualLoop v = new VirtualLoop()) {
            boolean finished = v.run(() -> Async.moveOnAfter(ms(100), () -> Async.sleep(ms(99))));
            assertTrue(finished);
            assertEquals(99_000_000L, v.clock.nanos());
        }
    }

    @Test
    void moveOnAfter_cancelsTheBlockAtTheDeadlineAndRunsItsFinally() {
        try (VirtualLoop v = new VirtualLoop()) {
            boolean finished = v.run(() -> Async.moveOnAfter(Duration.ofSeconds(30), () -> {
                try {
                    Async.sleep(Duration.ofMinutes(5));
                } finally {
                    v.at("finally");
                }
            }));
            assertFalse(finished);
            assertEquals(List.of("30000 finally"), v.trace);
        }
    }

    @Test
    void failAfter_throwsLoopTimeoutExceptionAtTheDeadline() {
        try (VirtualLoop v = new VirtualLoop()) {
            String outcome = v.run(() -> {
                try {
                    return Async.failAfter(ms(250), () -> {
                        Async.sleep(Duration.ofSeconds(1));
                        return "slept";
                    });
                } catch (LoopTimeoutException e) {
                    v.at("timed out");
                    return e.getMessage();
                }
            });
            assertEquals("block did not finish within PT0.25S; it was cancelled at its suspension point", outcome);
            assertEquals(List.of("250 timed out"), v.trace);
        }
    }

    @Test
    void failAfter_returnsTheValueWhenInTime() {
        try (VirtualLoop v = new VirtualLoop()) {
            assertEquals("fast", v.run(() -> Async.failAfter(ms(10), () -> "fast")));
        }
    }

    @Test
    void nested_theInnerShorterTimeoutStopsOnlyTheInnerBlock() {
        try (VirtualLoop v = new VirtualLoop()) {
            v.run(() -> {
                boolean outer = Async.moveOnAfter(ms(100), () -> {
                    boolean inner = Async.moveOnAfter(ms(10), () -> Async.sleep(ms(50)));
                    v.at("inner finished=" + inner);
                    Async.sleep(ms(20));
                    v.at("outer body done");
                });
                v.at("outer finished=" + outer);
                return null;
            });
            assertEquals(List.of("10 inner finished=false", "30 outer body done", "30 outer finished=true"), v.trace);
        }
    }

    @Test
    void nested_theOuterShorterTimeoutUnwindsTheInnerBlockToo() {
        try (VirtualLoop v = new VirtualLoop()) {
            v.run(() -> {
                boolean outer = Async.moveOnAfter(ms(10), () -> {
                    boolean inner = Async.moveOnAfter(ms(100), () -> {
                        try {
                            Async.sleep(ms(50));
                        } finally {
                            v.at("inner finally");
                        }
                    });
                    v.at("unreachable: inner returned " + inner);
                });
                v.at("outer finished=" + outer);
                return null;
            });
            assertEquals(List.of("10 inner finally", "10 outer finished=false"), v.trace);
        }
    }

    @Test
    void nested_equalDeadlinesAreCaughtByTheOuterTimeout() {
        try (VirtualLoop v = new VirtualLoop()) {
            v.run(() -> {
                boolean outer = Async.moveOnAfter(ms(10), () -> {
                    boolean inner = Async.moveOnAfter(ms(10), () -> Async.sleep(ms(50)));
                    v.at("unreachable: inner returned " + inner);
                });
                v.at("outer finished=" + outer);
                return null;
            });
            assertEquals(List.of("10 outer finished=false"), v.trace);
        }
    }

    @Test
    void nested_aFailAfterInsideAMoveOnAfterThatExpiresFirst() {
        try (VirtualLoop v = new VirtualLoop()) {
            v.run(() -> {
                boolean outer = Async.moveOnAfter(ms(5), () -> {
                    try {
                        Async.failAfter(ms(50), () -> {
                            Async.sleep(ms(100));
                            return null;
                        });
                    } catch (LoopTimeoutException e) {
                        v.at("wrong: the inner timeout did not expire");
                    }
                });
                v.at("outer finished=" + outer);
                return null;
            });
            assertEquals(List.of("5 outer finished=false"), v.trace);
        }
    }

    @Test
    void cancel_aTaskCancelledInsideATimeoutIsCancelledNotTimedOut() {
        try (VirtualLoop v = new VirtualLoop()) {
            v.run(() -> {
                Task<Object> worker = Async.spawn(() -> {
                    boolean finished = Async.moveOnAfter(ms(100), () -> Async.sleep(ms(50)));
                    v.at("unreachable: moved on " + finished);
                    return null;
                });
                Async.sleep(ms(20));
                worker.cancel();
                v.at(EventLoopTest.joinOutcome(worker));
                return null;
            });
            assertEquals(List.of("20 CancelledError"), v.trace);
        }
    }

    @Test
    void timeout_aCancellationDeliveredWhileTheTaskWasReadyArrivesAtItsNextOperation() {
        try (VirtualLoop v = new VirtualLoop()) {
            v.run(() -> {
                AsyncQueue<String> queue = new AsyncQueue<>(1);
                Task<Object> consumer = Async.spawn(() -> {
                    String item = queue.get();
                    v.at("got " + item);
                    Async.sleep(ms(1));
                    v.at("unreachable");
                    return null;
                });
                Async.yieldNow();
                queue.put("x");      // the consumer is READY with its item...
                consumer.cancel();   // ...and is cancelled before it runs: it still gets the item
                v.at(EventLoopTest.joinOutcome(consumer));
                return null;
            });
            assertEquals(List.of("0 got x", "0 CancelledError"), v.trace);
        }
    }

    @Test
    void moveOnAfter_aBlockThatSwallowsItsCancellationIsReported() {
        try (VirtualLoop v = new VirtualLoop()) {
            boolean finished = v.run(() -> Async.moveOnAfter(ms(5), () -> {
                try {
                    Async.sleep(ms(50));
                } catch (CancelledError e) {
                    v.at("swallowed");
                }
            }));
            assertTrue(finished);
            assertEquals(List.of("5 swallowed"), v.trace);
            assertEquals(1, v.reports.size());
            assertTrue(v.reports.get(0).contains("swallowed its cancellation"), v.reports.get(0));
        }
    }
}
