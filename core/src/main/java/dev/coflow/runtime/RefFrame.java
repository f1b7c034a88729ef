package dev.coflow.runtime;

/**
 * Not API. A frame that saves at least one reference. An instance method's frame keeps its receiver
 * in {@link #r0}, where the resume adapter finds it; that reference is never cleared on restore.
 */
public abstract class RefFrame extends Frame {
    /** The receiver of an instance method, or the first saved reference of a static one. */
    public Object r0;

    RefFrame() {
    }
}
