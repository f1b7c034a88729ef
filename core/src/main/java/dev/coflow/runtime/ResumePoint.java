package dev.coflow.runtime;

/**
 * Not API. One suspension point of one rewritten method: how to resume the method, which state to
 * resume it at, and its name and source line for stack traces and error messages. One instance per
 * suspension point, made once by {@link Bootstrap#resumePoint} and held as an {@code invokedynamic}
 * constant; a frame's {@link Frame#point} is the point it stopped at, so a frame needs no separate
 * state field.
 */
public final class ResumePoint {
    final Resumer code;
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

    /** Suspension point {@code state} of a method, at source line {@code line} ({@code -1} if unknown). */
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

    /** The stack trace element of this method stopped at this point. */
    StackTraceElement element() {
        return new StackTraceElement(owner.replace('/', '.'), name, file, line);
    }

    /** The method's return value, as the resume adapter left it in the context, boxed. */
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
