package dev.coflow.rewriter.analysis;

import org.objectweb.asm.tree.MethodInsnNode;

/**
 * One place where a coroutine method can suspend: a call to {@code Coroutines.yield} ({@link Kind#YIELD})
 * or to a method that can suspend ({@link Kind#CALL}).
 *
 * @param call  the call instruction
 * @param index its index in the method's instruction list when analysed
 * @param kind  yield or call
 * @param state the state number of this point, from 1
 * @param line  the source line, or -1
 * @param declaringClass for a static call, the class that declares the method it selects (its key names it), or {@code null}
 */
public record SuspensionPoint(MethodInsnNode call, int index, Kind kind, int state, int line, String declaringClass) {
    /** A point whose call's declaring class is not resolved (yet): its key names the class the instruction names. */
    public SuspensionPoint(MethodInsnNode call, int index, Kind kind, int state, int line) {
        this(call, index, kind, state, line, null);
    }

    /** This point, with the class that declares the static method its call selects ({@code MethodRewriter} resolves it). */
    public SuspensionPoint withDeclaringClass(String declaring) {
        return new SuspensionPoint(call, index, kind, state, line, declaring);
    }

    /** The class a static call's key names: the declaring class when resolved, else the one the instruction names. */
    public String keyOwner() {
        return declaringClass != null ? declaringClass : call.owner;
    }

    /**
     * What kind of call suspends here: a yield, a call that may suspend, or (a test hook, the agent's
     * {@code entryPoints=true}) the conditional point at a body's entry that suspends when a test kit says so.
     */
    public enum Kind { YIELD, CALL, ENTRY_POINT }
}
