package dev.coflow.agent;

import dev.coflow.rewriter.report.Reporter;
import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;

/**
 * Read edges from named modules to coflow's runtime. Rewritten code calls {@code dev.coflow.runtime} (the bridges, the
 * call sites' bootstrap, the frames), so the module of a rewritten class must read the module that holds it: the
 * automatic module {@code dev.coflow} when coflow's jar is on the module path, the unnamed module when it is on the
 * class path. A user's own module that declares {@code @Coroutine} methods requires coflow already; a library module
 * made {@code suspendable=} does not, and gets the edge here, before its first rewritten class is defined.
 */
final class ModuleReads {
    private final Instrumentation instrumentation;
    private final Reporter reporter;
    /** The runtime's module as the agent's own class loader sees it, which is what the application's loader sees. */
    private final Module runtime = dev.coflow.runtime.Suspension.class.getModule();

    ModuleReads(Instrumentation instrumentation, Reporter reporter) {
        this.instrumentation = instrumentation;
        this.reporter = reporter;
    }

    /** Makes {@code module}, which {@code className} (being defined) belongs to, read the runtime's module, once. */
    void add(Module module, String className) {
        if (module.canRead(runtime)) {
            return;
        }
        try {
            instrumentation.redefineModule(module, Set.of(runtime), Map.of(), Map.of(), Set.of(), Map.of());
            if (reporter.tracing()) {
                reporter.trace("module " + module.getName() + " now reads " + describe(runtime) + " (its class "
                        + className.replace('/', '.') + " calls coflow's runtime)");
            }
        } catch (RuntimeException e) {
            reporter.error("could not let module " + module.getName() + " read " + describe(runtime) + ", which its rewritten class "
                    + className.replace('/', '.') + " calls: it will fail with IllegalAccessError. Fix: run with --add-reads "
                    + module.getName() + "=" + (runtime.isNamed() ? runtime.getName() : "ALL-UNNAMED"), e);
        }
    }

    private static String describe(Module m) {
        return m.isNamed() ? "module " + m.getName() : "the unnamed module that holds coflow";
    }
}
