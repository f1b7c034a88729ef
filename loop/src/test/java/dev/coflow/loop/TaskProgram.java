package dev.coflow.loop;

import java.util.ArrayList;
import java.util.List;

/**
 * A random task program for {@link RandomProgramsTest}: a queue capacity and, for each worker, a list
 * of operations. The main task spawns every worker, sleeps 1,000 ms, cancels every worker in order
 * and joins each; the trace (virtual time, who, what) is compared with {@link ProgramModel}'s.
 */
record TaskProgram(int capacity, List<List<Op>> workers) {
    enum Kind { SLEEP, PUT, GET, CANCEL, JOIN, SPAWN }

    /** One operation: SLEEP ms, PUT value, GET, CANCEL worker, JOIN worker (a later one), SPAWN a child sleeping ms. */
    record Op(Kind kind, int argument) {
        @Override
        public String toString() {
            return kind == Kind.GET ? "GET" : kind + " " + argument;
        }
    }

    static final long MAIN_SLEEP_MILLIS = 1000;

    /** Builds a program from raw numbers, fixing arguments so that every operation is valid (joins only go to later workers). */
    static TaskProgram of(int capacity, List<List<int[]>> raw) {
        List<List<Op>> workers = new ArrayList<>();
        int count = raw.size();
        int value = 0;
        for (int self = 0; self < count; self++) {
            List<Op> ops = new ArrayList<>();
            for (int[] r : raw.get(self)) {
                Kind kind = Kind.values()[Math.floorMod(r[0], Kind.values().length)];
                int a = Math.floorMod(r[1], 1000);
                switch (kind) {
                    case SLEEP, SPAWN -> ops.add(new Op(kind, a % 6));
                    case PUT -> ops.add(new Op(kind, value++));
                    case GET -> ops.add(new Op(kind, 0));
                    case CANCEL -> {
                        int target = a % count;
                        ops.add(target == self ? new Op(Kind.SLEEP, 1) : new Op(kind, target));
                    }
                    case JOIN -> {
                        int later = count - self - 1;
                        ops.add(later == 0 ? new Op(Kind.SLEEP, 2) : new Op(kind, self + 1 + a % later));
                    }
                    default -> throw new AssertionError(kind);
                }
            }
            workers.add(ops);
        }
        return new TaskProgram(capacity, workers);
    }
}
