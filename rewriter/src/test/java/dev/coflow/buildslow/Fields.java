package dev.coflow.buildslow;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/** Reads 40 fields into locals, one yield each: its rewritten resume body is over HotSpot's 8000-byte compile limit. */
public final class Fields {
    private Fields() {
    }

    @Coroutine
    public static Object read() {
        String f01 = Coroutines.yield("f01");
        String f02 = Coroutines.yield("f02");
        String f03 = Coroutines.yield("f03");
        String f04 = Coroutines.yield("f04");
        String f05 = Coroutines.yield("f05");
        String f06 = Coroutines.yield("f06");
        String f07 = Coroutines.yield("f07");
        String f08 = Coroutines.yield("f08");
        String f09 = Coroutines.yield("f09");
        String f10 = Coroutines.yield("f10");
        String f11 = Coroutines.yield("f11");
        String f12 = Coroutines.yield("f12");
        String f13 = Coroutines.yield("f13");
        String f14 = Coroutines.yield("f14");
        String f15 = Coroutines.yield("f15");
        String f16 = Coroutines.yield("f16");
        String f17 = Coroutines.yield("f17");
        String f18 = Coroutines.yield("f18");
        String f19 = Coroutines.yield("f19");
        String f20 = Coroutines.yield("f20");
        String f21 = Coroutines.yield("f21");
        String f22 = Coroutines.yield("f22");
        String f23 = Coroutines.yield("f23");
        String f24 = Coroutines.yield("f24");
        String f25 = Coroutines.yield("f25");
        String f26 = Coroutines.yield("f26");
        String f27 = Coroutines.yield("f27");
        String f28 = Coroutines.yield("f28");
        String f29 = Coroutines.yield("f29");
        String f30 = Coroutines.yield("f30");
        String f31 = Coroutines.yield("f31");
        String f32 = Coroutines.yield("f32");
        String f33 = Coroutines.yield("f33");
        String f34 = Coroutines.yield("f34");
        String f35 = Coroutines.yield("f35");
        String f36 = Coroutines.yield("f36");
        String f37 = Coroutines.yield("f37");
        String f38 = Coroutines.yield("f38");
        String f39 = Coroutines.yield("f39");
        String f40 = Coroutines.yield("f40");
        return String.join(",",
                f01, f02, f03, f04, f05, f06, f07, f08, f09, f10,
                f11, f12, f13, f14, f15, f16, f17, f18, f19, f20,
                f21, f22, f23, f24, f25, f26, f27, f28, f29, f30,
                f31, f32, f33, f34, f35, f36, f37, f38, f39, f40);
    }
}
