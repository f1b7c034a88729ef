package dev.coflow.runtime;

/**
 * Test-only: two hand-written rewritten methods, {@code outer} calling {@code inner} at a suspension point:
 * <pre>
 * static String outer(String tag) { long got = inner(tag); return tag + got; }   // tag live across the call
 * static long inner(String s) { Object v = Coroutines.yield(s); if ("boom".equals(v)) throw new IllegalArgumentException("boom"); return ((String) v).length(); }
 * </pre>
 */
final class Chain {
    private Chain() {
    }

    static final ResumePoint OUTER = new ResumePoint(Chain::resumeOuter, 1, "test/Chain", "outer", "(Ljava/lang/String;)Ljava/lang/String;", "Chain.java", 3);
    static final ResumePoint INNER = new ResumePoint(Chain::resumeInner, 1, "test/Chain", "inner", "(Ljava/lang/String;)J", "Chain.java", 4);

    static String outer(String tag, Context ctx, Frame f, Object in) {
        long got;
        if (f != null) {
            if (f.point.state != 1) {
                throw Suspension.badState(f);
            }
            tag = (String) ((Frames.R1P0) f).r0;
            got = ctx.takeLong(in);
        } else {
            got = inner(tag, ctx, null, null);
            if (Suspension.called(ctx)) { // a first suspension: the frame taken, marked and linked in one call
                f = Suspension.pushNew(ctx, Frames.shapeOf(1, 0), null, OUTER, "inner", "(Ljava/lang/String;)J");
                if (((Frames.R1P0) f).r0 != tag) {
                    ((Frames.R1P0) f).r0 = tag;
                }
                return null;
            }
        }
        return tag + got;
    }

    static long inner(String s, Context ctx, Frame f, Object in) {
        Object v;
        if (f != null) {
            if (f.point.state != 1) {
                throw Suspension.badState(f);
            }
            v = ctx.takeRef(in);
        } else {
            ctx = Suspension.yield(s, ctx);
            Suspension.pushNew(ctx, Frames.shapeOf(0, 0), null, INNER, null, null);
            return 0L;
        }
        if ("boom".equals(v)) {
            throw new IllegalArgumentException("boom");
        }
        return ((String) v).length();
    }

    static void resumeOuter(Frame f, Context ctx, Object in) {
        ctx.valueRef = outer(null, ctx, f, in);
    }

    static void resumeInner(Frame f, Context ctx, Object in) {
        ctx.resultLong(inner(null, ctx, f, in));
    }
}
