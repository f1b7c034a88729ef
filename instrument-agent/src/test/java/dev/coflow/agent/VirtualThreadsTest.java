package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.coflow.CoroutineHandle;
import dev.coflow.StopIteration;
import dev.coflow.agent.harness.CaseClassLoader;
import dev.coflow.agent.harness.Roots;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Coroutines run by virtual threads (JDK 21+), as a user who compares coflow with Loom may mix them: a virtual thread
 * per coroutine driver, each coroutine blocking (sleeping) between its yields with its rewritten frames on the virtual
 * thread's stack, so that the virtual thread unmounts there and goes on, maybe on another carrier thread; and
 * coroutines suspended on one virtual thread and resumed on another. Every value and result is checked.
 */
class VirtualThreadsTest {
    private static final CaseClassLoader LOADER = new CaseClassLoader("dev.coflow.agent.vthreads.");

    /** {@code Executors.newVirtualThreadPerTaskExecutor()}, by reflection (the tests compile for Java 17). */
    private static ExecutorService virtualThreads() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads are final in JDK 21");
        return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    }

    private static Method method(String name) throws Exception {
        return LOADER.loadClass("dev.coflow.agent.vthreads.Blocking").getMethod(name, int.class, int.class);
    }

    @Test
    void manyVirtualThreads_eachDrivingACoroutineThatBlocksBetweenYields_getEveryValue() throws Exception {
        int threads = 500;
        int count = 40;
        ExecutorService pool = virtualThreads();
        try {
            List<Future<String>> runs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int from = t * 1000;
                String body = t % 2 == 0 ? "numbers" : "twice";
                runs.add(pool.submit(() -> {
                    CoroutineHandle<Object, Object> h = Roots.coroutine(method(body), from, count);
                    StringBuilder problems = new StringBuilder();
                    long expected = 0;
                    Object v = h.next();
                    for (int i = 0; ; i++) {
                        if (!Long.valueOf(from + i).equals(v)) {
                            problems.append(body).append(" from ").append(from).append(" value ").append(i).append(": ").append(v).append('\n');
                        }
                        expected += from + i + i;
                        Thread.sleep(0, 500); // the driver blocks too, between sends
                        try {
                            v = h.send((long) i);
                        } catch (StopIteration done) {
                            long want = body.equals("twice") ? expected * 2 : expected;
                            if (!Long.valueOf(want).equals((Object) h.result()) || i != count - 1) {
                                problems.append(body).append(" from ").append(from).append(" result ").append(String.valueOf((Object) h.result()))
                                        .append(" after ").append(i + 1).append(" values, expected ").append(want).append('\n');
                            }
                            return problems.toString();
                        }
                    }
                }));
            }
            StringBuilder all = new StringBuilder();
            for (Future<String> run : runs) {
                all.append(run.get(120, TimeUnit.SECONDS));
            }
            assertEquals("", all.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    /** A coroutine suspended by one virtual thread is resumed by the next, in turn, to its end. */
    @Test
    void aCoroutine_resumedByAnotherVirtualThreadEachTime_runsToItsEnd() throws Exception {
        ExecutorService pool = virtualThreads();
        try {
            CoroutineHandle<Object, Object> h = Roots.coroutine(method("twice"), 7, 25);
            List<Object> values = new ArrayList<>();
            values.add(pool.submit(h::next).get(60, TimeUnit.SECONDS));
            for (int i = 1; i < 25; i++) {
                long sent = i; // answers value i - 1
                values.add(pool.submit(() -> h.send(sent)).get(60, TimeUnit.SECONDS));
            }
            List<Object> want = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                want.add(7L + i);
            }
            assertEquals(want, values);
            Future<Object> last = pool.submit(() -> {
                try {
                    h.send(100L);
                    return "not done";
                } catch (StopIteration done) {
                    return h.result();
                }
            });
            long sum = 0;
            for (int i = 0; i < 25; i++) {
                sum += 7 + i + (i < 24 ? i + 1 : 100);
            }
            assertEquals(sum * 2, last.get(60, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }
}
