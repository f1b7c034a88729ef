package dev.coflow.runtime;

/**
 * Test-only: what the agent makes of
 * <pre>
 * static long count(int n) { for (int i = 0; i < n; i++) Coroutines.yield(i); return n; }
 * </pre>
 * written by hand: the body with (Context, Frame, Object), one suspension point, an R0P2 frame (n and i),
 * and the resume adapter as the point's {@link Resumer}.
 */
final class Counter {
    private Counter() {
    }

    static final int SHAPE = Frames.shapeOf(0, 2);
    static final ResumePoint POINT = new ResumePoint(Counter::resume, 1, "test/Counter", "count", "(I)J", "Counter.java", 7);
    /** How many times a frame was obtained with no frame to reuse (a fresh call suspending). */
    static int fresh;

    static long count(int n, Context ctx, Frame f, Object in) {
        int i = 0;
        if (f != null) {
            switch (f.point.state) {
                case 1:
                    n = (int) ((Frames.R0P2) f).p0;
                    i = (int) ((Frames.R0P2) f).p1;
                    ctx.takeRef(in);
                    i++;
                    break;
                default:
                    throw Suspension.badState(f);
            }
        }
        if (i < n) {
            ctx = Suspension.yield(i, ctx);
            if (f == null) {
                fresh++;
            }
            f = Suspension.frame(ctx, f, SHAPE, null);
            Suspension.stopAt(f, POINT);
            ((Frames.R0P2) f).p0 = n;
            ((Frames.R0P2) f).p1 = i;
            Suspension.push(ctx, f, null, null);
            return 0L;
        }
        return n;
    }

    static void resume(Frame f, Context ctx, Object in) {
        ctx.resultLong(count(0, ctx, f, in));
    }
}
