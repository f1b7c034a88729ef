package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 6: {@code double}/{@code float} NaNs with a payload and negative zeros, in locals, on
 * the stack and as a coroutine call's result, across suspension points: restored bit for bit
 * (compared through the raw-bits conversions, which do not canonicalise NaN).
 */
public final class NanPayloadAndNegativeZeroAcrossYield {
    private static final long DOUBLE_NAN_BITS = 0x7ff8_0000_0000_0123L;
    private static final int FLOAT_NAN_BITS = 0x7fc0_0123;
    private static final long NEGATIVE_ZERO_BITS = 0x8000_0000_0000_0000L;
    private static final int NEGATIVE_ZERO_FLOAT_BITS = 0x8000_0000;

    public static final List<Object> EXPECTED = List.of(
            "locals", DOUBLE_NAN_BITS, FLOAT_NAN_BITS, NEGATIVE_ZERO_BITS, NEGATIVE_ZERO_FLOAT_BITS,
            "stack", DOUBLE_NAN_BITS + "|" + FLOAT_NAN_BITS,
            "returned", DOUBLE_NAN_BITS, DOUBLE_NAN_BITS, FLOAT_NAN_BITS);

    @Coroutine
    public static void body() {
        double nan = Double.longBitsToDouble(DOUBLE_NAN_BITS);
        float floatNan = Float.intBitsToFloat(FLOAT_NAN_BITS);
        double negativeZero = -0.0;
        float negativeZeroFloat = -0.0f;
        Coroutines.yield("locals");
        Coroutines.yield(Double.doubleToRawLongBits(nan));
        Coroutines.yield(Float.floatToRawIntBits(floatNan));
        Coroutines.yield(Double.doubleToRawLongBits(negativeZero));
        Coroutines.yield(Float.floatToRawIntBits(negativeZeroFloat));
        Coroutines.yield(bits(nan, floatNan, Coroutines.yield("stack")));
        double returned = doubleNan();
        Coroutines.yield(Double.doubleToRawLongBits(returned));
        Coroutines.yield(Float.floatToRawIntBits(floatNan()));
    }

    static String bits(double d, float f, Object ignored) {
        return Double.doubleToRawLongBits(d) + "|" + Float.floatToRawIntBits(f);
    }

    @Coroutine
    static double doubleNan() {
        Coroutines.yield("returned");
        return Double.longBitsToDouble(DOUBLE_NAN_BITS);
    }

    @Coroutine
    static float floatNan() {
        double keep = Double.longBitsToDouble(DOUBLE_NAN_BITS);
        Coroutines.yield(Double.doubleToRawLongBits(keep));
        return Float.intBitsToFloat(FLOAT_NAN_BITS);
    }
}
