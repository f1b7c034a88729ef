package dev.coflow.benchmarks;

import static dev.coflow.benchmarks.SwitchBenchmark.LINES;
import static dev.coflow.benchmarks.SwitchBenchmark.PATTERN;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The grep step as a thread of its own: the consumer takes a line from a {@link SynchronousQueue},
 * counts it and puts its count into a second one; one operation = a producer's request and the
 * consumer's reply (two hand-offs).
 * <ul>
 *   <li>{@code platformThread} (any JDK): the consumer is a platform thread, the producer is JMH's
 *       benchmark thread.</li>
 *   <li>{@code virtualThread} (JDK 21+; the run scripts leave it out on older JDKs): producer and
 *       consumer are both virtual threads. JMH's thread is a platform thread, so it hands the
 *       virtual producer a batch of {@value #BATCH} operations and waits for the batch to end: that
 *       one platform hand-off is shared by the batch's operations.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class HandoffBenchmark {
    static final int BATCH = 1000;

    /** A consumer thread and its two queues. */
    abstract static class Peer {
        final SynchronousQueue<String> requests = new SynchronousQueue<>();
        final SynchronousQueue<Integer> replies = new SynchronousQueue<>();
        Thread thread;
        int next;

        abstract Thread newThread(Runnable body);

        void consume() {
            int count = 0;
            try {
                while (true) {
                    String line = requests.take();
                    if (line.contains(PATTERN)) {
                        count++;
                    }
                    replies.put(count);
                }
            } catch (InterruptedException e) {
                // torn down
            }
        }

        @Setup(Level.Trial)
        public void start() {
            thread = newThread(this::consume);
            thread.start();
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            thread.interrupt();
            thread.join(10_000);
        }

        Integer send() throws InterruptedException {
            requests.put(LINES[next++ & 3]);
            return replies.take();
        }
    }

    @State(Scope.Thread)
    public static class PlatformPeer extends Peer {
        @Override
        Thread newThread(Runnable body) {
            Thread thread = new Thread(body, "grep-consumer");
            thread.setDaemon(true);
            return thread;
        }
    }

    @State(Scope.Thread)
    public static class VirtualPeer extends Peer {
        final SynchronousQueue<Integer> batches = new SynchronousQueue<>();
        final SynchronousQueue<Integer> batchesDone = new SynchronousQueue<>();
        Thread producer;

        @Override
        Thread newThread(Runnable body) {
            return Loom.virtualThread(body);
        }

        @Override
        public void start() {
            super.start();
            producer = newThread(this::produce);
            producer.start();
        }

        @Override
        public void stop() throws InterruptedException {
            producer.interrupt();
            producer.join(10_000);
            super.stop();
        }

        void produce() {
            try {
                while (true) {
                    int n = batches.take();
                    Integer count = 0;
                    for (int i = 0; i < n; i++) {
                        count = send();
                    }
                    batchesDone.put(count);
                }
            } catch (InterruptedException e) {
                // torn down
            }
        }

        Integer batch() throws InterruptedException {
            batches.put(BATCH);
            return batchesDone.take();
        }
    }

    @Benchmark
    public Integer platformThread(PlatformPeer peer) throws InterruptedException {
        return peer.send();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Integer virtualThread(VirtualPeer peer) throws InterruptedException {
        return peer.batch();
    }
}
