package dev.coflow.runtime;

/**
 * Not API. What the runtime knows about one rewritten method: how to resume it, its name for stack
 * traces and error messages, and the source line of each suspension point. One instance per method,
 * made once by {@link Bootstrap#methodInfo} and held as an {@code invokedynamic} constant.
 */
public final class MethodInfo {
    final Resumer code;
    /** Internal name of the declaring class, for example {@code com/acme/Feed}. */
    public final String owner;
    /** The method's name (interned, compared by identity). */
    public final String name;
    /** The method's descriptor (interned, compared by identity). */
    public final String descriptor;
    final String file;
    private final int[] lines;
    final char returnSort;

    /** A description of a method; {@code lines[i]} is the line of suspension point {@code i + 1}. */
    public MethodInfo(Resumer code, String owner, String name, String descriptor, String file, int[] lines) {
        this.code = code;
        this.owner = owner;
        this.name = name;
        this.descriptor = descriptor;
        this.file = file == null || file.isEmpty() ? null : file;
        this.lines = lines;
        this.returnSort = descriptor.charAt(descriptor.indexOf(')') + 1);
    }

    int line(int state) {
        return state >= 1 && state <= lines.length ? lines[state - 1] : -1;
    }

    /** The stack trace element of this method stopped at {@code state}. */
    StackTraceElement element(int state) {
        return new StackTraceElement(owner.replace('/', '.'), name, file, line(state));
    }

    /** The method's return value, as the resume adapter left it in the context, boxed. */
    Object boxedResult(Context context) {
        long bits = context.valueLong;
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

    /** {@code com.acme.Feed#next ()V (Feed.java:42)} for the given suspension point. */
    public String describe(int state) {
        int line = line(state);
        return toString() + (file != null && line > 0 ? " (" + file + ":" + line + ")" : "");
    }
}
