package dev.coflow.runtime;

/**
 * Test-only: a hand-written rewritten loop that calls {@link Chain#inner} fresh for every value, the shape
 * of a chain rebuilt per value:
 * <pre>
 * static void loop(String s) {
 *     while (true) {
 *         if (before != null) before.run();                // a hook: what the body does before each call
 *         if ("self".equals(s)) { Coroutines.yield("own"); s = "x"; continue; }   // the loop yields itself
 *         total += inner(s);
 *     }
 * }
 * </pre>
 */
final class Rebuilt {
    private Rebuilt() {
    }

    static long total;
    static Runnable before;
    static String mode = "x";

    static final ResumePoint CALL = new ResumePoint(Rebuilt::resume, 1, "test/Rebuilt", "loop", "()V", "Rebuilt.java", 5);
    static final ResumePoint OWN = new ResumePoint(Rebuilt::resume, 2, "test/Rebuilt", "loop", "()V", "Rebuilt.java", 6);

    static void loop(Context ctx, Frame f, Object in) {
        if (f != null) {
            switch (f.point.state) {
                case 1 -> total += ctx.takeLong(in);
                case 2 -> ctx.takeRef(in);
                default -> throw Suspension.badState(f);
            }
        }
        for (;;) {
            if (before != null) {
                before.run();
            }
            if ("self".equals(mode)) {
                mode = "x";
                ctx = Suspension.yield("own", ctx);
                f = Suspension.frame(ctx, f, Frames.shapeOf(0, 0), null);
                Suspension.stopAt(f, OWN);
                Suspension.push(ctx, f, null, null);
                return;
            }
            long got = Chain.inner(mode, ctx, null, null);
            if (Suspension.called(ctx)) { // as the agent's spill: one call for a first suspension, three for a resumed frame
                if (f == null) {
                    Suspension.pushNew(ctx, Frames.shapeOf(0, 0), null, CALL, "inner", "(Ljava/lang/String;)J");
                } else {
                    Suspension.stopAt(f, CALL);
                    Suspension.push(ctx, f, "inner", "(Ljava/lang/String;)J");
                }
                return;
            }
            total += got;
        }
    }

    static void resume(Frame f, Context ctx, Object in) {
        loop(ctx, f, in);
    }
}
