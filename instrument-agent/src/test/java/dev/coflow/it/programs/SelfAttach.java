package dev.coflow.it.programs;

import com.sun.tools.attach.VirtualMachine;
import dev.coflow.Coroutine;
import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import dev.coflow.NotRewrittenException;
import dev.coflow.StopIteration;
import java.util.function.Supplier;

/**
 * Catalogue 75: the agent attached while the program runs ({@code VirtualMachine.loadAgent} on itself). A coroutine class
 * loaded before the attach is not rewritten (the agent does not retransform): its yield fails at the yield, saying
 * why; one loaded after it is rewritten and runs. Prints one line per class. The system property
 * {@code coflow.it.agentJar} names the agent jar.
 */
public final class SelfAttach {
    private SelfAttach() {
    }

    /** Loaded before the agent. */
    public static final class Early {
        private Early() {
        }

        @Coroutine
        public static Object body() {
            Object got = Coroutines.yield("early");
            return "early got " + got;
        }
    }

    /** Loaded after the agent. */
    public static final class Late {
        private Late() {
        }

        @Coroutine
        public static Object body() {
            Object got = Coroutines.yield("late");
            return "late got " + got;
        }
    }

    static void report(String name, Supplier<Object> body) {
        CoroutineHandle<Object, Object> h = Coroutines.create(body);
        String outcome;
        try {
            Object first = h.next();
            h.send(10);
            outcome = "yielded " + first + ", no result";
        } catch (StopIteration done) {
            outcome = "result " + done.value();
        } catch (NotRewrittenException e) {
            outcome = "refused: " + e.getMessage();
        }
        System.out.println(name + ": " + outcome);
    }

    public static void main(String[] args) throws Exception {
        System.out.println("loaded before the agent: " + Early.class.getSimpleName());
        VirtualMachine vm = VirtualMachine.attach(String.valueOf(ProcessHandle.current().pid()));
        try {
            vm.loadAgent(System.getProperty("coflow.it.agentJar"), "verify=true");
        } finally {
            vm.detach();
        }
        report("late", Late::body);
        report("early", Early::body);
    }
}
