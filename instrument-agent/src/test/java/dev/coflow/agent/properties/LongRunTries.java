package dev.coflow.agent.properties;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyAttributes;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Multiplies the tries of every property it is added to by {@value #FACTOR} when the system property
 * {@code coflow.longRun} is {@code true} ({@code mvn -Dcoflow.longRun=true ...}), for a long soak run.
 */
public final class LongRunTries implements AroundPropertyHook {
    static final int FACTOR = 20;

    /** Whether this run is a long one. */
    public static boolean isLongRun() {
        return Boolean.getBoolean("coflow.longRun");
    }

    /** Added to a test class, it applies to every property in it (and in nested classes). */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        if (isLongRun()) {
            PropertyAttributes attributes = context.attributes();
            attributes.tries().ifPresent(tries -> attributes.setTries(tries * FACTOR));
        }
        return property.execute();
    }
}
