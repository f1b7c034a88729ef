package dev.coflow.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskGroupTest {
    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    @Test
    void taskGroup_waitsForEveryChild() {
        try (VirtualLoop v = new VirtualLoop()) {
            List<Integer> results = new ArrayList<>();
            String value = v.run(() -> Async.taskGroup(group -> {
                for (int i = 1; i <= 3; i++) {
                    int n = i;
                    group.spawn(() -> {
                        Async.sleep(ms(10 * n));
                        results.add(n);
                        return null;
                    });
                }
                return "body done";
            }));
            assertEquals("body done", value);
            assertEquals(List.of(1, 2, 3), results);
            assertEquals(30_000_000L, v.clock.nanos(), "the group returned only after its last child");
        }
    }

    @Test
    void taskGroup_theFirstFailureCancelsTheSiblingsAndTheBody() {
        try (VirtualLoop v = new VirtualLoop()) {
            v.run(() -> {
                try {
                    Async.taskGroup(group -> {
                        group.spawn("sibling", () -> {
                            try {
                                Async.sleep(Duration.ofSeconds(10));
                            } finally {
                                v.at("sibling finally");
                            }
                            return null;
                        });
                        group.spawn("failing", () -> {
                            Async.sleep(ms(5));
                            throw new IllegalStateException("child failed");
                        });
                        try {
                            Async.sleep(Duration.ofSeconds(10));
                        } finally {
                            v.at("body finally");
                        }
                        return null;
                    });
                } catch (TaskGroupException e) {
                    v.at(e.getMessage());
                    assertEquals(1, e.failures().size());
                }
                return null;
            });
            assertEquals(List.of("5 sibling finally", "5 body finally",
                    "5 1 failure in task group: java.lang.IllegalStateException: child failed"), v.trace);
        }
    }

    @Test
    void taskGroup_aChildFailsWhileAnotherIsCancelledAndStillCleaningUp() {
        try (VirtualLoop v = new VirtualLoop()) {
            v.run(() -> {
                Task<?>[] cancelled = new Task<?>[1];
                try {
                    Async.taskGroup(group -> {
                        cancelled[0] = group.spawn("cancelled", () -> {
                            try {
                                Async.sleep(Duration.ofSeconds(10));
                            } finally {
                                v.at("cleanup starts");
                                Async.sleep(ms(10));  // interrupted at 5 by the group's own cancellation
                                v.at("unreachable: cleanup done");
                            }
                            return null;
                        });
                        group.spawn("failing", () -> {
                            Async.sleep(ms(5));
                            throw new IllegalStateException("child failed");
                        });
                        Async.sleep(ms(1));
                        cancelled[0].cancel();
                        return null;
                    });
                } catch (TaskGroupException e) {
                    v.at(e.getMessage());
                }
                v.at("cancelled child " + cancelled[0].state());
                return null;
            });
            assertEquals(List.of("1 cleanup starts", "5 1 failure in task group: java.lang.IllegalStateException: child failed",
                    "5 cancelled child CANCELLED"), v.trace);
        }
    }

    @Test
    void taskGroup_aCancelledChildWhoseCleanupFailsIsAFailureAndCancelsTheOthers() {
        try (VirtualLoop v = new VirtualLoop()) {
            v.run(() -> {
                try {
                    Async.taskGroup(group -> {
                        Task<Object> cancelled = group.spawn("cancelled", () -> {
                            try {
                                Async.sleep(Duration.ofSeconds(10));
                            } finally {
                                Async.sleep(ms(3));
                                throw new IllegalArgumentException("cleanup failed");
                            }
                        });
                        group.spawn("other", () -> {
                            try {
                                Async.sleep(ms(5));
                            } finally {
                                v.at("other finally");
                            }
                            throw new IllegalStateException("unreachable: other failed");
                        });
                        Async.sleep(ms(1));
                        cancelled.cancel();
                        return null;
                    });
                } catch (TaskGroupException e) {
                    v.at(e.getMessage());
                }
                return null;
            });
            assertEquals(List.of("4 other finally", "4 1 failure in task group: java.lang.IllegalArgumentException: cleanup failed"),
                    v.trace);
        }
    }

    @Test
    void taskGroup_childrenFailingAtTheSameTimeAreAllRaisedTogether() {
        try (VirtualLoop v = new VirtualLoop()) {
            v.run(() -> {
                try {
                    Async.taskGroup(group -> {
                        for (int i = 0; i < 3; i++) {
                            int id = i;
                            group.spawn(() -> {
                                Async.sleep(ms(5));
                                throw new IllegalStateException("child " + id);
                            });
                        }
                        return null;
                    });
                } catch (TaskGroupException e) {
                    v.at(e.failures().size() + " failures, suppressed " + e.getSuppressed().length);
                    v.at(e.getMessage());
                }
                return null;
            });
            assertEquals(List.of("5 3 failures, suppressed 3", "5 3 failures in task group: java.lang.IllegalStateException: child 0;"
                    + " java.lang.IllegalStateException: child 1; java.lang.IllegalStateException: child 2"), v.trace);
        }
    }

    @Test
    void taskGroup_theBodysFailureComesFirstAndTheChildrenAreCancelled() {
        try (VirtualLoop v = new VirtualLoop()) {
            v.run(() -> {
                try {
                    Async.taskGroup(group -> {
                        group.spawn(() -> {
                            try {
                                Async.sleep(Duration.ofSeconds(10));
                            } finally {
                                v.at("child finally");
                            }
                            return null;
                        });
                        Async.sleep(ms(2));
                        throw new IllegalStateException("body failed");
                    });
                } catch (TaskGroupException e) {
                    v.at(e.failures().get(0).getMessage());
                }
                return null;
            });
            assertEquals(List.of("2 child finally", "2 body failed"), v.trace);
        }
    }

    @Test
    void taskGroup_cancellingTheOwnerCancelsAndAwaitsTheChildren() {
        try (VirtualLoop v = new VirtualLoop()) {
            v.run(() -> {
                Task<Object> owner = Async.spawn(() -> Async.taskGroup(group -> {
                    group.spawn(() -> {
                        try {
                            Async.sleep(Duration.ofSeconds(10));
                        } finally {
                            Async.sleep(ms(4));  // slow cleanup: the owner must wait for it
                            v.at("child cleaned up");
                        }
                        return null;
                    });
                    return null;   // the body ends at once; the owner waits for the child
                }));
                Async.sleep(ms(10));
                owner.cancel();
                v.at(EventLoopTest.joinOutcome(owner));
                return null;
            });
            assertEquals(List.of("14 child cleaned up", "14 CancelledError"), v.trace);
        }
    }

    @Test
    void spawn_afterTheGroupFinishedIsRefused() {
        try (VirtualLoop v = new VirtualLoop()) {
            String message = v.run(() -> {
                TaskGroup[] escaped = new TaskGroup[1];
                Async.taskGroup(group -> {
                    escaped[0] = group;
                    return null;
                });
                try {
                    escaped[0].spawn(() -> null);
                    return "no error";
                } catch (IllegalStateException e) {
                    return e.getMessage();
                }
            });
            assertTrue(message.startsWith("the task group of task 1 has finished: no child may start after it"), message);
        }
    }
}
