package dev.coflow.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AsyncQueueTest {
    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    @Test
    void put_suspendsWhileFullAndGet_whileEmpty() {
        try (VirtualLoop v = new VirtualLoop()) {
            v.run(() -> {
                AsyncQueue<Integer> queue = new AsyncQueue<>(2);
                Task<Object> producer = Async.spawn(() -> {
                    for (int i = 0; i < 5; i++) {
                        queue.put(i);
                        v.at("put " + i);
                    }
                    return null;
                });
                Async.sleep(ms(10));
                for (int i = 0; i < 5; i++) {
                    v.at("got " + queue.get());
                    Async.sleep(ms(10));
                }
                producer.join();
                return null;
            });
            assertEquals(List.of("0 put 0", "0 put 1", "10 got 0", "10 put 2", "20 got 1", "20 put 3", "30 got 2", "30 put 4",
                    "40 got 3", "50 got 4"), v.trace);
        }
    }

    @Test
    void get_waitersAreServedInTheOrderTheyCame() {
        try (VirtualLoop v = new VirtualLoop()) {
            v.run(() -> {
                AsyncQueue<String> queue = new AsyncQueue<>(10);
                for (int i = 0; i < 3; i++) {
                    int id = i;
                    Async.spawn(() -> {
                        v.at("consumer" + id + " got " + queue.get());
                        return null;
                    });
                }
                Async.sleep(ms(1));
                queue.put("a");
                queue.put("b");
                queue.put("c");
                Async.sleep(ms(1));
                return null;
            });
            assertEquals(List.of("1 consumer0 got a", "1 consumer1 got b", "1 consumer2 got c"), v.trace);
        }
    }

    @Test
    void get_aCancelledGetterLeavesTheLineAndLosesNoItem() {
        try (VirtualLoop v = new VirtualLoop()) {
            v.run(() -> {
                AsyncQueue<String> queue = new AsyncQueue<>(1);
                Task<Object> first = Async.spawn(() -> queue.get());
                Task<Object> second = Async.spawn(() -> queue.get());
                Async.sleep(ms(1));
                first.cancel();
                Async.sleep(ms(1));
                queue.put("only");
                v.at("second got " + second.join());
                v.at("first: " + EventLoopTest.joinOutcome(first));
                return null;
            });
            assertEquals(List.of("2 second got only", "2 first: CancelledError"), v.trace);
        }
    }

    @Test
    void event_wakesEveryWaiter() {
        try (VirtualLoop v = new VirtualLoop()) {
            v.run(() -> {
                AsyncEvent event = new AsyncEvent();
                for (int i = 0; i < 3; i++) {
                    int id = i;
                    Async.spawn(() -> {
                        event.await();
                        v.at("waiter" + id);
                        return null;
                    });
                }
                Async.sleep(ms(5));
                event.set();
                Async.yieldNow();
                event.await();  // set: returns at once
                v.at("main");
                return null;
            });
            assertEquals(List.of("5 waiter0", "5 waiter1", "5 waiter2", "5 main"), v.trace);
        }
    }
}
