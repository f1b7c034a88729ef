package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.ArrayList;
import java.util.List;

/**
 * 130 {@code long} locals (260 slots) live across a call that suspends: more than a spill method's parameters
 * can hold (255 slots), so the spill is written in the body itself, which obtains its frame into the frame slot.
 * {@link #many} is called fresh every round (its fresh body starts with {@code frame = null} for that spill, where
 * other fresh bodies hand their spill methods a {@code null} and keep no such slot) and resumed once per round.
 * Generated text: the values and their mix are regular, so that a loop computes what the body yields.
 */
public final class ManyValuesAcrossACall {
    static final int ROUNDS = 4;

    public static final List<Object> SENDS = List.of("a", "bb", "ccc", "dddd");

    public static final List<Object> EXPECTED = expected();

    @Coroutine
    static long waitFor(int round) {
        Object got = Coroutines.yield("round " + round);
        return ((String) got).length();
    }

    @Coroutine
    static long many(int seed) {
        long v0 = seed * 31L + 0;
        long v1 = seed * 32L + 7;
        long v2 = seed * 33L + 14;
        long v3 = seed * 34L + 21;
        long v4 = seed * 35L + 28;
        long v5 = seed * 36L + 35;
        long v6 = seed * 37L + 42;
        long v7 = seed * 38L + 49;
        long v8 = seed * 39L + 56;
        long v9 = seed * 40L + 63;
        long v10 = seed * 41L + 70;
        long v11 = seed * 42L + 77;
        long v12 = seed * 43L + 84;
        long v13 = seed * 44L + 91;
        long v14 = seed * 45L + 98;
        long v15 = seed * 46L + 105;
        long v16 = seed * 47L + 112;
        long v17 = seed * 48L + 119;
        long v18 = seed * 49L + 126;
        long v19 = seed * 50L + 133;
        long v20 = seed * 51L + 140;
        long v21 = seed * 52L + 147;
        long v22 = seed * 53L + 154;
        long v23 = seed * 54L + 161;
        long v24 = seed * 55L + 168;
        long v25 = seed * 56L + 175;
        long v26 = seed * 57L + 182;
        long v27 = seed * 58L + 189;
        long v28 = seed * 59L + 196;
        long v29 = seed * 60L + 203;
        long v30 = seed * 61L + 210;
        long v31 = seed * 62L + 217;
        long v32 = seed * 63L + 224;
        long v33 = seed * 64L + 231;
        long v34 = seed * 65L + 238;
        long v35 = seed * 66L + 245;
        long v36 = seed * 67L + 252;
        long v37 = seed * 68L + 259;
        long v38 = seed * 69L + 266;
        long v39 = seed * 70L + 273;
        long v40 = seed * 71L + 280;
        long v41 = seed * 72L + 287;
        long v42 = seed * 73L + 294;
        long v43 = seed * 74L + 301;
        long v44 = seed * 75L + 308;
        long v45 = seed * 76L + 315;
        long v46 = seed * 77L + 322;
        long v47 = seed * 78L + 329;
        long v48 = seed * 79L + 336;
        long v49 = seed * 80L + 343;
        long v50 = seed * 81L + 350;
        long v51 = seed * 82L + 357;
        long v52 = seed * 83L + 364;
        long v53 = seed * 84L + 371;
        long v54 = seed * 85L + 378;
        long v55 = seed * 86L + 385;
        long v56 = seed * 87L + 392;
        long v57 = seed * 88L + 399;
        long v58 = seed * 89L + 406;
        long v59 = seed * 90L + 413;
        long v60 = seed * 91L + 420;
        long v61 = seed * 92L + 427;
        long v62 = seed * 93L + 434;
        long v63 = seed * 94L + 441;
        long v64 = seed * 95L + 448;
        long v65 = seed * 96L + 455;
        long v66 = seed * 97L + 462;
        long v67 = seed * 98L + 469;
        long v68 = seed * 99L + 476;
        long v69 = seed * 100L + 483;
        long v70 = seed * 101L + 490;
        long v71 = seed * 102L + 497;
        long v72 = seed * 103L + 504;
        long v73 = seed * 104L + 511;
        long v74 = seed * 105L + 518;
        long v75 = seed * 106L + 525;
        long v76 = seed * 107L + 532;
        long v77 = seed * 108L + 539;
        long v78 = seed * 109L + 546;
        long v79 = seed * 110L + 553;
        long v80 = seed * 111L + 560;
        long v81 = seed * 112L + 567;
        long v82 = seed * 113L + 574;
        long v83 = seed * 114L + 581;
        long v84 = seed * 115L + 588;
        long v85 = seed * 116L + 595;
        long v86 = seed * 117L + 602;
        long v87 = seed * 118L + 609;
        long v88 = seed * 119L + 616;
        long v89 = seed * 120L + 623;
        long v90 = seed * 121L + 630;
        long v91 = seed * 122L + 637;
        long v92 = seed * 123L + 644;
        long v93 = seed * 124L + 651;
        long v94 = seed * 125L + 658;
        long v95 = seed * 126L + 665;
        long v96 = seed * 127L + 672;
        long v97 = seed * 128L + 679;
        long v98 = seed * 129L + 686;
        long v99 = seed * 130L + 693;
        long v100 = seed * 131L + 700;
        long v101 = seed * 132L + 707;
        long v102 = seed * 133L + 714;
        long v103 = seed * 134L + 721;
        long v104 = seed * 135L + 728;
        long v105 = seed * 136L + 735;
        long v106 = seed * 137L + 742;
        long v107 = seed * 138L + 749;
        long v108 = seed * 139L + 756;
        long v109 = seed * 140L + 763;
        long v110 = seed * 141L + 770;
        long v111 = seed * 142L + 777;
        long v112 = seed * 143L + 784;
        long v113 = seed * 144L + 791;
        long v114 = seed * 145L + 798;
        long v115 = seed * 146L + 805;
        long v116 = seed * 147L + 812;
        long v117 = seed * 148L + 819;
        long v118 = seed * 149L + 826;
        long v119 = seed * 150L + 833;
        long v120 = seed * 151L + 840;
        long v121 = seed * 152L + 847;
        long v122 = seed * 153L + 854;
        long v123 = seed * 154L + 861;
        long v124 = seed * 155L + 868;
        long v125 = seed * 156L + 875;
        long v126 = seed * 157L + 882;
        long v127 = seed * 158L + 889;
        long v128 = seed * 159L + 896;
        long v129 = seed * 160L + 903;
        long got = waitFor(seed);
        return got * 1_000_003L + v0 * 1 + v1 * 2 + v2 * 3 + v3 * 4 + v4 * 5 + v5 * 6 + v6 * 7 + v7 * 8 + v8 * 9 + v9 * 10 + v10 * 11 + v11 * 1 + v12 * 2 + v13 * 3 + v14 * 4 + v15 * 5 + v16 * 6 + v17 * 7 + v18 * 8 + v19 * 9 + v20 * 10 + v21 * 11 + v22 * 1 + v23 * 2 + v24 * 3 + v25 * 4 + v26 * 5 + v27 * 6 + v28 * 7 + v29 * 8 + v30 * 9 + v31 * 10 + v32 * 11 + v33 * 1 + v34 * 2 + v35 * 3 + v36 * 4 + v37 * 5 + v38 * 6 + v39 * 7 + v40 * 8 + v41 * 9 + v42 * 10 + v43 * 11 + v44 * 1 + v45 * 2 + v46 * 3 + v47 * 4 + v48 * 5 + v49 * 6 + v50 * 7 + v51 * 8 + v52 * 9 + v53 * 10 + v54 * 11 + v55 * 1 + v56 * 2 + v57 * 3 + v58 * 4 + v59 * 5 + v60 * 6 + v61 * 7 + v62 * 8 + v63 * 9 + v64 * 10 + v65 * 11 + v66 * 1 + v67 * 2 + v68 * 3 + v69 * 4 + v70 * 5 + v71 * 6 + v72 * 7 + v73 * 8 + v74 * 9 + v75 * 10 + v76 * 11 + v77 * 1 + v78 * 2 + v79 * 3 + v80 * 4 + v81 * 5 + v82 * 6 + v83 * 7 + v84 * 8 + v85 * 9 + v86 * 10 + v87 * 11 + v88 * 1 + v89 * 2 + v90 * 3 + v91 * 4 + v92 * 5 + v93 * 6 + v94 * 7 + v95 * 8 + v96 * 9 + v97 * 10 + v98 * 11 + v99 * 1 + v100 * 2 + v101 * 3 + v102 * 4 + v103 * 5 + v104 * 6 + v105 * 7 + v106 * 8 + v107 * 9 + v108 * 10 + v109 * 11 + v110 * 1 + v111 * 2 + v112 * 3 + v113 * 4 + v114 * 5 + v115 * 6 + v116 * 7 + v117 * 8 + v118 * 9 + v119 * 10 + v120 * 11 + v121 * 1 + v122 * 2 + v123 * 3 + v124 * 4 + v125 * 5 + v126 * 6 + v127 * 7 + v128 * 8 + v129 * 9;
    }

    /** {@link #many} without coroutines, as a loop: {@code got} is what its call of {@link #waitFor} returned. */
    static long manyPlain(int seed, long got) {
        long mix = 0;
        for (int i = 0; i < 130; i++) {
            mix += (seed * (31L + i) + i * 7) * (i % 11 + 1);
        }
        return got * 1_000_003L + mix;
    }

    @Coroutine
    public static void body() {
        long total = 0;
        for (int round = 0; round < ROUNDS; round++) {
            total = total * 7 + many(round);
        }
        Coroutines.yield("total " + total);
    }

    private static List<Object> expected() {
        List<Object> values = new ArrayList<>();
        long total = 0;
        for (int round = 0; round < ROUNDS; round++) {
            values.add("round " + round);
            total = total * 7 + manyPlain(round, ((String) SENDS.get(round)).length());
        }
        values.add("total " + total);
        return List.copyOf(values);
    }
}
