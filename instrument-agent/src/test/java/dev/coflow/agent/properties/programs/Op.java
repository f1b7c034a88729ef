package dev.coflow.agent.properties.programs;

/**
 * One step of a generated program. The program is a flat list of ops that {@link ProgramBuilder}
 * interprets as it emits bytecode; {@code a} and {@code b} are small selectors read modulo whatever
 * is available (locals of a type, methods, ...), so every list is a valid program and shrinking any
 * part of it (dropping ops, moving numbers toward 0) still gives one.
 */
public record Op(Kind kind, int a, int b) {
    /** What an op does; see {@link ProgramBuilder} for the exact bytecode. */
    public enum Kind {
        /** push a constant of type {@code a} (int, long, double, String, float) made from {@code b} */
        CONST,
        /** push local or parameter {@code a} */
        LOAD,
        /** pop into local {@code a} of the popped value's type */
        STORE,
        /** combine the two top values ({@code +, -, *, ^} or division for doubles, concatenation for strings) */
        ARITH,
        /** convert the top value to type {@code a} */
        CONVERT,
        /** yield the top value (or nothing when {@code b % 4 == 3}); the sent value becomes type {@code a}, or is dropped */
        YIELD,
        /** call generated method {@code a} (guarded by the depth parameter when it is not a later one) */
        CALL,
        /** {@code dup}, {@code dup_x1} and kin (a copy of the top value under the one below), or {@code swap} */
        SHUFFLE,
        /** park the top value in a local slot shared by all types (above 255), yield, and load it back */
        PARK,
        /** {@code Coroutines.yieldFrom(Coroutines.create(() -> m<a>(...)))}; a plain call in the PLAIN flavor */
        YIELD_FROM,
        /** pop the top value into the trace */
        RECORD,
        /**
         * {@code new StringBuilder; dup}: an object under construction stays on the stack; for an {@code a} that
         * {@link #storedNew} picks, {@code new; astore; aload; aload} instead (a bytecode generator's shape, which the
         * rewriter refuses when a suspension point is inside it)
         */
        NEW_BEGIN,
        /** the constructor call of the innermost open {@code NEW_BEGIN}, with the top value as argument */
        NEW_END,
        /** {@code if (int local a % 3 > b % 2) {} */
        IF,
        /** {@code } else {} */
        ELSE,
        /** {@code for (k = 0; k < a % 4; k++) {} */
        LOOP,
        /** {@code try {} catching a ProgramFailure, RuntimeException or Throwable by {@code a % 3} */
        TRY,
        /** {@code } catch (e) { Trace.caught(e);} */
        CATCH,
        /** closes the innermost open block; a handler whose {@code b} is odd rethrows what it caught, as {@code finally} does */
        END,
        /** {@code if (int local a % 4 == b % 4) throw new ProgramFailure(...)} */
        THROW,
        /** {@code if (int local a % 4 == b % 4) return ...} */
        RETURN,
        /** starts the next method; {@code a} and {@code b} pick its parameters and return type */
        METHOD,
        /**
         * {@code switch (int local a % 5) {}: a {@code tableswitch} ({@code b} even) or a {@code lookupswitch}
         * over 2 to 4 keys; the ops that follow are the first case's body
         */
        SWITCH,
        /** {@code } case k: {}: the next case (then the default) of the innermost switch; an odd {@code b} falls through */
        CASE,
        /**
         * {@code try {} finally {}} as javac compiles it: the finally code (a record, and a yield when
         * {@code b} is odd) copied on the normal path and in a catch-all handler that rethrows; with {@code a} odd, also
         * an entry behind the catch-all whose handler code a catch-all reading every variable covers (the Eclipse
         * compiler's shared MatchException handler: never run, but merged by the verifier)
         */
        FINALLY,
        /**
         * an array element: with {@code b} even {@code arr[i]} of the array on top; with {@code b} odd
         * {@code arr[i] = <yield>}, the array and the index on the stack across the yield
         */
        ELEMENT,
        /**
         * push {@code helper(int local a)}, a coroutine method of the program with nothing in it that may suspend (so not
         * rewritten): with instance methods called on {@code this}, which in an open {@code Program} is the armed call
         * of the method itself (design.md "Suspendable libraries", item 8), in a final one a plain call
         */
        HELPER
    }

    @Override
    public String toString() {
        return kind + "(" + a + ", " + b + ")";
    }

    /** Whether a {@code NEW_BEGIN} with this {@code a} keeps its object in a local ({@link Kind#NEW_BEGIN}). */
    public static boolean storedNew(int a) {
        return Math.floorMod(a, 4) == 3;
    }
}
