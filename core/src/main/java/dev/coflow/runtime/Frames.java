package dev.coflow.runtime;

/**
 * Not API. The frame shapes: {@code R}<i>r</i>{@code P}<i>p</i> saves <i>r</i> references in fields
 * {@code r0…} (the receiver of an instance method counts as {@code r0}) and <i>p</i> primitives as
 * raw 64-bit values in {@code p0…}. The agent picks one shape per method from the largest number of
 * values any of its suspension points keeps; a method needing more uses {@link Arrays}. Shape ids: see
 * {@link #shapeOf} (two grids, the first that of the limits before 2026-12-06); {@link Arrays} is {@link #ARRAYS}.
 *
 * <p>With compressed references a frame is 24 bytes with no value or one reference, 32 with two
 * references or a primitive and a reference, 80 at most for the fixed shapes (six references, four
 * primitives; {@code HandleLayoutTest} measures them). The limits cover what loops keep (a bound, an index and
 * a total, a few objects): a method past them saves into {@link Arrays}, three objects instead of one.
 */
public final class Frames {
    private Frames() {
    }

    /** The most references a fixed shape saves (the receiver included). */
    public static final int MAX_REFS = BytecodeContract.FRAME_MAX_REFS;
    /** The most primitives a fixed shape saves. */
    public static final int MAX_PRIMS = BytecodeContract.FRAME_MAX_PRIMS;
    /** How many ids the shapes of the first limits ({@link BytecodeContract#FRAME_SMALL_REFS}, {@code _PRIMS}) take. */
    private static final int SMALL_IDS = (BytecodeContract.FRAME_SMALL_REFS + 1) * (BytecodeContract.FRAME_SMALL_PRIMS + 1);
    /** The shape id of {@link Arrays}. */
    public static final int ARRAYS = SMALL_IDS + (MAX_REFS + 1) * (MAX_PRIMS + 1);
    /** How many shape ids there are (the size of a carrier's pool table; the ids of the small shapes' places in the large grid are unused). */
    static final int COUNT = ARRAYS + 1;

    /** The shape id for a method saving {@code refs} references (receiver included) and {@code prims} primitives. */
    public static int shapeOf(int refs, int prims) {
        if (refs <= BytecodeContract.FRAME_SMALL_REFS && prims <= BytecodeContract.FRAME_SMALL_PRIMS) {
            return refs * (BytecodeContract.FRAME_SMALL_PRIMS + 1) + prims;
        }
        return refs <= MAX_REFS && prims <= MAX_PRIMS ? SMALL_IDS + refs * (MAX_PRIMS + 1) + prims : ARRAYS;
    }

    /** The internal name of the class of a shape. */
    public static String className(int shape) {
        if (shape == ARRAYS) {
            return "dev/coflow/runtime/Frames$Arrays";
        }
        if (shape < SMALL_IDS) {
            return "dev/coflow/runtime/Frames$R" + shape / (BytecodeContract.FRAME_SMALL_PRIMS + 1)
                    + "P" + shape % (BytecodeContract.FRAME_SMALL_PRIMS + 1);
        }
        int large = shape - SMALL_IDS;
        return "dev/coflow/runtime/Frames$R" + large / (MAX_PRIMS + 1) + "P" + large % (MAX_PRIMS + 1);
    }

    /** A new frame of a fixed shape. */
    static Frame create(int shape) {
        switch (shape) {
            case 0: return new R0P0();
            case 1: return new R0P1();
            case 2: return new R0P2();
            case 3: return new R1P0();
            case 4: return new R1P1();
            case 5: return new R1P2();
            case 6: return new R2P0();
            case 7: return new R2P1();
            case 8: return new R2P2();
            case 9: return new R3P0();
            case 10: return new R3P1();
            case 11: return new R3P2();
            case 12: return new R4P0();
            case 13: return new R4P1();
            case 14: return new R4P2();
            case 18: return new R0P3();
            case 19: return new R0P4();
            case 23: return new R1P3();
            case 24: return new R1P4();
            case 28: return new R2P3();
            case 29: return new R2P4();
            case 33: return new R3P3();
            case 34: return new R3P4();
            case 38: return new R4P3();
            case 39: return new R4P4();
            case 40: return new R5P0();
            case 41: return new R5P1();
            case 42: return new R5P2();
            case 43: return new R5P3();
            case 44: return new R5P4();
            case 45: return new R6P0();
            case 46: return new R6P1();
            case 47: return new R6P2();
            case 48: return new R6P3();
            case 49: return new R6P4();
            default: throw new IllegalArgumentException("not a fixed frame shape: " + shape);
        }
    }

    /**
     * Whether {@code f} is of the fixed shape {@code shape}: a class test, not a call of {@link Frame#shape()},
     * which is a megamorphic virtual call in any program whose coroutines save frames of several shapes.
     */
    static boolean is(Frame f, int shape) {
        switch (shape) {
            case 0: return f instanceof R0P0;
            case 1: return f instanceof R0P1;
            case 2: return f instanceof R0P2;
            case 3: return f instanceof R1P0;
            case 4: return f instanceof R1P1;
            case 5: return f instanceof R1P2;
            case 6: return f instanceof R2P0;
            case 7: return f instanceof R2P1;
            case 8: return f instanceof R2P2;
            case 9: return f instanceof R3P0;
            case 10: return f instanceof R3P1;
            case 11: return f instanceof R3P2;
            case 12: return f instanceof R4P0;
            case 13: return f instanceof R4P1;
            case 14: return f instanceof R4P2;
            case 18: return f instanceof R0P3;
            case 19: return f instanceof R0P4;
            case 23: return f instanceof R1P3;
            case 24: return f instanceof R1P4;
            case 28: return f instanceof R2P3;
            case 29: return f instanceof R2P4;
            case 33: return f instanceof R3P3;
            case 34: return f instanceof R3P4;
            case 38: return f instanceof R4P3;
            case 39: return f instanceof R4P4;
            case 40: return f instanceof R5P0;
            case 41: return f instanceof R5P1;
            case 42: return f instanceof R5P2;
            case 43: return f instanceof R5P3;
            case 44: return f instanceof R5P4;
            case 45: return f instanceof R6P0;
            case 46: return f instanceof R6P1;
            case 47: return f instanceof R6P2;
            case 48: return f instanceof R6P3;
            case 49: return f instanceof R6P4;
            default: return false;
        }
    }

    /** A frame saving 0 references and 0 primitives. */
    public static final class R0P0 extends Frame {
        @Override
        int shape() {
            return 0;
        }

        @Override
        void clear() {
        }
    }

    /** A frame saving 0 references and 1 primitive. */
    public static final class R0P1 extends Frame {
        public long p0;

        @Override
        int shape() {
            return 1;
        }

        @Override
        void clear() {
        }
    }

    /** A frame saving 0 references and 2 primitives. */
    public static final class R0P2 extends Frame {
        public long p0;
        public long p1;

        @Override
        int shape() {
            return 2;
        }

        @Override
        void clear() {
        }
    }

    /** A frame saving 0 references and 3 primitives. */
    public static final class R0P3 extends Frame {
        public long p0;
        public long p1;
        public long p2;

        @Override
        int shape() {
            return 18;
        }

        @Override
        void clear() {
        }
    }

    /** A frame saving 0 references and 4 primitives. */
    public static final class R0P4 extends Frame {
        public long p0;
        public long p1;
        public long p2;
        public long p3;

        @Override
        int shape() {
            return 19;
        }

        @Override
        void clear() {
        }
    }

    /** A frame saving 1 reference and 0 primitives. */
    public static final class R1P0 extends RefFrame {
        @Override
        int shape() {
            return 3;
        }

        @Override
        void clear() {
            r0 = null;
        }
    }

    /** A frame saving 1 reference and 1 primitive. */
    public static final class R1P1 extends RefFrame {
        public long p0;

        @Override
        int shape() {
            return 4;
        }

        @Override
        void clear() {
            r0 = null;
        }
    }

    /** A frame saving 1 reference and 2 primitives. */
    public static final class R1P2 extends RefFrame {
        public long p0;
        public long p1;

        @Override
        int shape() {
            return 5;
        }

        @Override
        void clear() {
            r0 = null;
        }
    }

    /** A frame saving 1 reference and 3 primitives. */
    public static final class R1P3 extends RefFrame {
        public long p0;
        public long p1;
        public long p2;

        @Override
        int shape() {
            return 23;
        }

        @Override
        void clear() {
            r0 = null;
        }
    }

    /** A frame saving 1 reference and 4 primitives. */
    public static final class R1P4 extends RefFrame {
        public long p0;
        public long p1;
        public long p2;
        public long p3;

        @Override
        int shape() {
            return 24;
        }

        @Override
        void clear() {
            r0 = null;
        }
    }

    /** A frame saving 2 references and 0 primitives. */
    public static final class R2P0 extends RefFrame {
        public Object r1;

        @Override
        int shape() {
            return 6;
        }

        @Override
        void clear() {
            r0 = null;
            r1 = null;
        }
    }

    /** A frame saving 2 references and 1 primitive. */
    public static final class R2P1 extends RefFrame {
        public Object r1;
        public long p0;

        @Override
        int shape() {
            return 7;
        }

        @Override
        void clear() {
            r0 = null;
            r1 = null;
        }
    }

    /** A frame saving 2 references and 2 primitives. */
    public static final class R2P2 extends RefFrame {
        public Object r1;
        public long p0;
        public long p1;

        @Override
        int shape() {
            return 8;
        }

        @Override
        void clear() {
            r0 = null;
            r1 = null;
        }
    }

    /** A frame saving 2 references and 3 primitives. */
    public static final class R2P3 extends RefFrame {
        public Object r1;
        public long p0;
        public long p1;
        public long p2;

        @Override
        int shape() {
            return 28;
        }

        @Override
        void clear() {
            r0 = null;
            r1 = null;
        }
    }

    /** A frame saving 2 references and 4 primitives. */
    public static final class R2P4 extends RefFrame {
        public Object r1;
        public long p0;
        public long p1;
        public long p2;
        public long p3;

        @Override
        int shape() {
            return 29;
        }

        @Override
        void clear() {
            r0 = null;
            r1 = null;
        }
    }

    /** A frame saving 3 references and 0 primitives. */
    public static final class R3P0 extends RefFrame {
        public Object r1;
        public Object r2;

        @Override
        int shape() {
            return 9;
        }

        @Override
        void clear() {
            r0 = null;
            r1 = null;
            r2 = null;
        }
    }

    /** A frame saving 3 references and 1 primitive. */
    public static final class R3P1 extends RefFrame {
        public Object r1;
        public Object r2;
        public long p0;

        @Override
        int shape() {
            return 10;
        }

        @Override
        void clear() {
            r0 = null;
            r1 = null;
            r2 = null;
        }
    }

    /** A frame saving 3 references and 2 primitives. */
    public static final class R3P2 extends RefFrame {
        public Object r1;
        public Object r2;
        public long p0;
        public long p1;

        @Override
        int shape() {
            return 11;
        }

        @Override
        void clear() {
            r0 = null;
            r1 = null;
            r2 = null;
        }
    }

    /** A frame saving 3 references and 3 primitives. */
    public static final class R3P3 extends RefFrame {
        public Object r1;
        public Object r2;
        public long p0;
        public long p1;
        public long p2;

        @Override
        int shape() {
            return 33;
        }

        @Override
        void clear() {
            r0 = null;
            r1 = null;
            r2 = null;
        }
    }

    /** A frame saving 3 references and 4 primitives. */
    public static final class R3P4 extends RefFrame {
        public Object r1;
        public Object r2;
        public long p0;
        public long p1;
        public long p2;
        public long p3;

        @Override
        int shape() {
            return 34;
        }

        @Override
        void clear() {
            r0 = null;
            r1 = null;
            r2 = null;
        }
    }

    /** A frame saving 4 references and 0 primitives. */
    public static final class R4P0 extends RefFrame {
        public Object r1;
        public Object r2;
        public Object r3;

        @Override
        int shape() {
            return 12;
        }

        @Override
        void clear() {
            r0 = null;
            r1 = null;
            r2 = null;
            r3 = null;
        }
    }

    /** A frame saving 4 references and 1 primitive. */
    public static final class R4P1 extends RefFrame {
        public Object r1;
        public Object r2;
        public Object r3;
        public long p0;

        @Override
        int shape() {
            return 13;
        }

        @Override
        void clear() {
            r0 = null;
            r1 = null;
            r2 = null;
            r3 = null;
        }
    }

    /** A frame saving 4 references and 2 primitives. */
    public static final class R4P2 extends RefFrame {
        public Object r1;
        public Object r2;
        public Object r3;
        public long p0;
        public long p1;

        @Override
        int shape() {
            return 14;
        }

        @Override
        void clear() {
            r0 = null;
            r1 = null;
            r2 = null;
            r3 = null;
        }
    }

    /** A frame saving 4 references and 3 primitives. */
    public static final class R4P3 extends RefFrame {
        public Object r1;
        public Object r2;
        public Object r3;
        public long p0;
        public long p1;
        public long p2;

        @Override
        int shape() {
            return 38;
        }

        @Override
        void clear() {
            r0 = null;
            r1 = null;
            r2 = null;
            r3 = null;
        }
    }

    /** A frame saving 4 references and 4 primitives. */
    public static final class R4P4 extends RefFrame {
        public Object r1;
        public Object r2;
        public Object r3;
        public long p0;
        public long p1;
        public long p2;
        public long p3;

        @Override
        int shape() {
            return 39;
        }

        @Override
        void clear() {
            r0 = null;
            r1 = null;
            r2 = null;
            r3 = null;
        }
    }

    /** A frame saving 5 references and 0 primitives. */
    public static final class R5P0 extends RefFrame {
        public Object r1;
        public Object r2;
        public Object r3;
        public Object r4;

        @Override
        int shape() {
            return 40;
        }

        @Override
        void clear() {
            r0 = null;
            r1 = null;
            r2 = null;
            r3 = null;
            r4 = null;
        }
    }

    /** A frame saving 5 references and 1 primitive. */
    public static final class R5P1 extends RefFrame {
        public Object r1;
        public Object r2;
        public Object r3;
        public Object r4;
        public long p0;

        @Override
        int shape() {
            return 41;
        }

        @Override
        void clear() {
            r0 = null;
            r1 = null;
            r2 = null;
            r3 = null;
            r4 = null;
        }
    }

    /** A frame saving 5 references and 2 primitives. */
    public static final class R5P2 extends RefFrame {
        public Object r1;
        public Object r2;
        public Object r3;
        public Object r4;
        public long p0;
        public long p1;

        @Override
        int shape() {
            return 42;
        }

        @Override
        void clear() {
            r0 = null;
            r1 = null;
            r2 = null;
            r3 = null;
            r4 = null;
        }
    }

    /** A frame saving 5 references and 3 primitives. */
    public static final class R5P3 extends RefFrame {
        public Object r1;
        public Object r2;
        public Object r3;
        public Object r4;
        public long p0;
        public long p1;
        public long p2;

        @Override
        int shape() {
            return 43;
        }

        @Override
        void clear() {
            r0 = null;
            r1 = null;
            r2 = null;
            r3 = null;
            r4 = null;
        }
    }

    /** A frame saving 5 references and 4 primitives. */
    public static final class R5P4 extends RefFrame {
        public Object r1;
        public Object r2;
        public Object r3;
        public Object r4;
        public long p0;
        public long p1;
        public long p2;
        public long p3;

        @Override
        int shape() {
            return 44;
        }

        @Override
        void clear() {
            r0 = null;
            r1 = null;
            r2 = null;
            r3 = null;
            r4 = null;
        }
    }

    /** A frame saving 6 references and 0 primitives. */
    public static final class R6P0 extends RefFrame {
        public Object r1;
        public Object r2;
        public Object r3;
        public Object r4;
        public Object r5;

        @Override
        int shape() {
            return 45;
        }

        @Override
        void clear() {
            r0 = null;
            r1 = null;
            r2 = null;
            r3 = null;
            r4 = null;
            r5 = null;
        }
    }

    /** A frame saving 6 references and 1 primitive. */
    public static final class R6P1 extends RefFrame {
        public Object r1;
        public Object r2;
        public Object r3;
        public Object r4;
        public Object r5;
        public long p0;

        @Override
        int shape() {
            return 46;
        }

        @Override
        void clear() {
            r0 = null;
            r1 = null;
            r2 = null;
            r3 = null;
            r4 = null;
            r5 = null;
        }
    }

    /** A frame saving 6 references and 2 primitives. */
    public static final class R6P2 extends RefFrame {
        public Object r1;
        public Object r2;
        public Object r3;
        public Object r4;
        public Object r5;
        public long p0;
        public long p1;

        @Override
        int shape() {
            return 47;
        }

        @Override
        void clear() {
            r0 = null;
            r1 = null;
            r2 = null;
            r3 = null;
            r4 = null;
            r5 = null;
        }
    }

    /** A frame saving 6 references and 3 primitives. */
    public static final class R6P3 extends RefFrame {
        public Object r1;
        public Object r2;
        public Object r3;
        public Object r4;
        public Object r5;
        public long p0;
        public long p1;
        public long p2;

        @Override
        int shape() {
            return 48;
        }

        @Override
        void clear() {
            r0 = null;
            r1 = null;
            r2 = null;
            r3 = null;
            r4 = null;
            r5 = null;
        }
    }

    /** A frame saving 6 references and 4 primitives. */
    public static final class R6P4 extends RefFrame {
        public Object r1;
        public Object r2;
        public Object r3;
        public Object r4;
        public Object r5;
        public long p0;
        public long p1;
        public long p2;
        public long p3;

        @Override
        int shape() {
            return 49;
        }

        @Override
        void clear() {
            r0 = null;
            r1 = null;
            r2 = null;
            r3 = null;
            r4 = null;
            r5 = null;
        }
    }

    /**
     * A frame for a method that saves more values than a fixed shape holds: the receiver (if any) in
     * {@code r0}, every other reference in {@link #refs} and every primitive in {@link #prims}.
     */
    public static final class Arrays extends RefFrame {
        public Object[] refs;
        public long[] prims;

        Arrays(int refCount, int primCount) {
            refs = new Object[refCount];
            prims = new long[primCount];
        }

        @Override
        int shape() {
            return ARRAYS;
        }

        @Override
        void clear() {
            r0 = null;
            java.util.Arrays.fill(refs, null);
        }
    }
}
