package dev.coflow.runtime;

/**
 * Not API. One suspension point of one rewritten method: how to resume the method, which state to
 * resume it at, and its name and source line for stack traces and error messages. One instance per
 * suspension point, made once by {@link Bootstrap#resumePoint} and held as an {@code invokedynamic}
 * constant; a frame's {@link Frame#point} is the point it stopped at, so a frame needs no separate
 * state field.
 *
 * <p>The trampoline resumes a frame with {@code frame.point.resume(frame, context, in)}. For rewritten
 * code the point is an instance of a small hidden subclass, one per resume adapter, whose
 * {@link #resume} calls that adapter ({@link ResumePointClass}): one virtual call from the frame's point,
 * where a {@link Resumer} held in a field cost one more dependent load per switch. The runtime's own
 * frames and tests give a {@link Resumer} instead.
 */
public class ResumePoint {
    private final Resumer code;
    /** The suspension point's number within its method, from 1: the resume dispatch switches on it. */
    public final int state;
    /** Internal name of the declaring class, for example {@code com/acme/Feed}. */
    public final String owner;
    /** The method's name (interned, compared by identity). */
    public final String name;
    /** The method's descriptor (interned, compared by identity). */
    public final String descriptor;
    final String file;
    private final int line;
    final char returnSort;

    /** Suspension point {@code state} of a method, at source line {@code line} ({@code -1} if unknown), resumed by {@code code}. */
    public ResumePoint(Resumer code, int state, String owner, String name, String descriptor, String file, int line) {
        this.code = code;
        this.state = state;
        this.owner = owner;
        this.name = name;
        this.descriptor = descriptor;
        this.file = file == null || file.isEmpty() ? null : file;
        this.line = line;
        this.returnSort = descriptor.charAt(descriptor.indexOf(')') + 1);
    }

    /** For the subclasses {@link Bootstrap} makes, which override {@link #resume}. */
    protected ResumePoint(int state, String owner, String name, String descriptor, String file, int line) {
        this(null, state, owner, name, descriptor, file, line);
    }

    /**
     * Runs {@code frame}, stopped at this point, from its saved state until it returns, throws or suspends
     * again; {@code in} is the value handed in (see {@link BytecodeContract#BODY_EXTRA_DESCRIPTOR}).
     */
    public void resume(Frame frame, Context context, Object in) {
        code.resume(frame, context, in);
    }

    /** The stack trace element of this method stopped at this point. */
    StackTraceElement element() {
        return new StackTraceElement(owner.replace('/', '.'), name, file, line);
    }

    /**
     * The method's return value, boxed: a reference as its resume adapter left it in the context's
     * {@code valueRef}, a primitive from the raw bits it left on the carrier ({@link Context#resultBits()}).
     */
    Object boxedResult(Context context) {
        long bits = context.resultBits();
        switch (returnSort) {
            case 'V': return null;
            case 'Z': return (int) bits != 0;
            case 'B': return (byte) bits;
            case 'C': return (char) bits;
            case 'S': return (short) bits;
            case 'I': return (int) bits;
            case 'J': return bits;
            case 'F': return Float.intBitsToFloat((int) bits);
            case 'D': return Double.longBitsToDouble(bits);
            default: return context.valueRef;
        }
    }

    @Override
    public String toString() {
        return owner.replace('/', '.') + "#" + name + " " + descriptor;
    }

    /** {@code com.acme.Feed#next ()V (Feed.java:42)}. */
    public String describe() {
        return toString() + (file != null && line > 0 ? " (" + file + ":" + line + ")" : "");
    }
}
