package dev.coflow.it.programs;

import dev.coflow.Coroutine;
import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import dev.coflow.NotRewrittenException;
import dev.coflow.StopIteration;
import dev.coflow.it.programs.plain.LoggingStep;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;
import org.example.plain.AnnotatedLoggingGreeter;
import org.example.plain.Greeter;
import org.example.plain.LoggingGreeter;
import org.example.plain.StaticForwarder;

/**
 * A coroutine call that reaches its callee through a frame the agent did not rewrite which calls the same
 * interface method on another object: {@code Function.andThen}'s lambda (JDK code), a decorator class that
 * names nothing of coflow, a JDK dynamic proxy whose handler calls the target reflectively; and through a plain frame
 * that calls a method of the same name and descriptor on the same object ({@code super}) or statically (classes of
 * {@code org.example.plain}, outside coflow's package, which the agent never looks at). In plain Java
 * each case gives 1100 and logs what the forwarder got (11); a suspension below such a frame must fail at
 * the yield, before the forwarder runs on; the fix its error gives for andThen (a lambda of one's own) gives plain
 * Java's result. Prints one line per case: the result and the log, or the
 * message of the exception the coroutine ended with and the log.
 */
public final class Forwarders {
    private Forwarders() {
    }

    /** An interface whose method is a coroutine method, for the proxy. */
    public interface Service {
        @Coroutine
        int get(int x);
    }

    static final class RealService implements Service {
        @Override
        @Coroutine
        public int get(int x) {
            return Coroutines.<Integer>yield("service " + x) + x;
        }
    }

    @Coroutine
    static Object andThen(List<String> log) {
        Function<Integer, Integer> f = x -> Coroutines.<Integer>yield("f " + x) + x;
        Function<Integer, Integer> g = y -> {
            log.add("andThen got " + y);
            return y * 100;
        };
        return f.andThen(g).apply(1);
    }

    /** The fix the error gives for andThen: the composition in a lambda of one's own, which the agent rewrites. */
    @Coroutine
    static Object andThenFixed(List<String> log) {
        Function<Integer, Integer> f = x -> Coroutines.<Integer>yield("f " + x) + x;
        Function<Integer, Integer> g = y -> {
            log.add("andThen got " + y);
            return y * 100;
        };
        Function<Integer, Integer> composed = x -> g.apply(f.apply(x));
        return composed.apply(1);
    }

    @Coroutine
    static Object decorator(List<String> log) {
        IntUnaryOperator step = x -> Coroutines.<Integer>yield("step " + x) + x;
        IntUnaryOperator logged = new LoggingStep(step, log);
        return logged.applyAsInt(1);
    }

    @Coroutine
    static Object proxy(List<String> log) {
        Service real = new RealService();
        Service proxy = (Service) Proxy.newProxyInstance(Forwarders.class.getClassLoader(), new Class<?>[] {Service.class},
                (self, method, args) -> {
                    int r = (Integer) method.invoke(real, args);
                    log.add("proxy got " + r);
                    return r * 100;
                });
        return proxy.get(1);
    }

    /** A subclass in a package of its own (it names nothing of coflow) overrides a coroutine method and calls super. */
    @Coroutine
    static Object superCall(List<String> log) {
        Greeter greeter = new LoggingGreeter(log);
        return greeter.greet(1);
    }

    /** The fix the error gives for the subclass: the override annotated {@code @Coroutine}. */
    @Coroutine
    static Object superCallFixed(List<String> log) {
        Greeter greeter = new AnnotatedLoggingGreeter(log);
        return greeter.greet(1);
    }

    /** An implementation that names nothing of coflow forwards to a static coroutine method of the same name. */
    @Coroutine
    static Object staticSameName(List<String> log) {
        org.example.plain.Service service = new StaticForwarder(log);
        return service.get(1);
    }

    /** One case's body. */
    interface Case {
        @Coroutine
        Object run(List<String> log);
    }

    static void report(String name, Case body) {
        List<String> log = new ArrayList<>();
        CoroutineHandle<Object, Object> h = Coroutines.create(() -> body.run(log));
        String outcome;
        String yielded = "";
        try {
            Object first = h.next();
            yielded = "yielded " + first + ", ";
            Object second = h.send(10);
            outcome = yielded + "yielded " + second;
        } catch (StopIteration done) {
            outcome = yielded + "result " + done.value();
        } catch (RuntimeException e) {
            // a proxy wraps what its handler threw (Method.invoke's InvocationTargetException) in UndeclaredThrowableException
            Throwable cause = e;
            while (cause != null && !(cause instanceof NotRewrittenException)) {
                cause = cause.getCause();
            }
            if (cause == null) {
                throw e;
            }
            outcome = "refused: " + cause.getMessage();
        }
        System.out.println(name + ": " + outcome + " log " + log);
    }

    public static void main(String[] args) {
        report("andThen", Forwarders::andThen);
        report("andThen fixed", Forwarders::andThenFixed);
        report("decorator", Forwarders::decorator);
        report("proxy", Forwarders::proxy);
        report("super", Forwarders::superCall);
        report("super fixed", Forwarders::superCallFixed);
        report("static", Forwarders::staticSameName);
    }
}
