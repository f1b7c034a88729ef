package dev.coflow.agent.properties.programs;

import dev.coflow.CoroutineHandle;
import dev.coflow.StopIteration;

/**
 * Another coroutine that a generated program drives from inside, as a stage of a Beazley pipeline sends to the next:
 * while a pipe is set ({@link Trace#pipe}), every value the program records is also a resume of the target, a
 * coroutine of another (or the same) generated program: started with {@code next()}, then sent
 * {@link Sends#value(int)} as a driver would. What the target yields and how it ends go into the same trace; an
 * exception that ends it is thrown on into the program, out of the record call. The target's own records do not feed
 * it again. In the PLAIN flavor the program is a plain method, so the target runs as the only coroutine on the thread;
 * in the REWRITTEN flavor it runs inside the program's coroutine, nested on the same carrier.
 */
public final class Pipe {
    private final CoroutineHandle<Object, Object> target;
    private int sends;
    private boolean inside;
    private boolean ended;

    Pipe(CoroutineHandle<Object, Object> target) {
        this.target = target;
    }

    /** Resumes the target once, unless it ended or this is its own record. */
    void feed() {
        if (inside || ended) {
            return;
        }
        inside = true;
        try {
            Object yielded = sends == 0 ? target.next() : target.send(Sends.value(sends - 1));
            sends++;
            Trace.event("pipe:" + Trace.render(yielded));
        } catch (StopIteration stop) {
            ended = true;
            Trace.event("pipe ended:return:" + Trace.render(stop.value()));
        } catch (Throwable t) {
            ended = true;
            Trace.event("pipe ended:threw:" + Trace.describe(t));
            throw Pipe.<RuntimeException>sneaky(t);
        } finally {
            inside = false;
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
