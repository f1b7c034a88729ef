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
 */
public record SuspensionPoint(MethodInsnNode call, int index, Kind kind, int state, int line) {
    /**
     * What kind of call suspends here: a yield, a call that may suspend, or (a test hook, the agent's
     * {@code entryPoints=true}) the conditional point at a body's entry that suspends when a test kit says so.
     */
    public enum Kind { YIELD, CALL, ENTRY_POINT }
}
