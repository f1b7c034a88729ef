package dev.coflow.transparency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coflow.transparency.JacksonWorkload.Bean;
import java.util.Random;

/**
 * The {@code jackson} workload of {@link SteadyState}, call by call: each of {@link JacksonWorkload#step}'s calls into
 * Jackson timed on its own ({@link Parts}), on 32 inputs made as the step makes them, so that a run with the agent and
 * one without show which calls a suspendable Jackson makes slower. The parts are static methods of a class without
 * {@code @Coroutine} methods, so the agent rewrites none of this class.
 *
 * <p>{@code java [-javaagent:…=suspendable=com.fasterxml.jackson.**] -cp … dev.coflow.transparency.JacksonParts ROUNDS
 * WARMUP_SECONDS [PART]}.
 */
public final class JacksonParts {
    private JacksonParts() {
    }

    static volatile long sink;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String[] NAMES = {"writeTree", "readObject", "readTree", "writeNode", "writeBean", "readBean", "step",
        "plainStep"};
    private static final Object[] TREES = new Object[32];
    private static final String[] JSONS = new String[32];
    private static final JsonNode[] NODES = new JsonNode[32];
    private static final Bean[] BEANS = new Bean[32];
    private static final byte[][] BEAN_BYTES = new byte[32][];

    static {
        try {
            for (int k = 0; k < 32; k++) {
                Random r = new Random(1_000_003L + k);
                TREES[k] = JacksonWorkload.value(r, 0);
                JSONS[k] = MAPPER.writeValueAsString(TREES[k]);
                NODES[k] = MAPPER.readTree(JSONS[k]);
                BEANS[k] = JacksonWorkload.bean(r);
                BEAN_BYTES[k] = MAPPER.writeValueAsBytes(BEANS[k]);
            }
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static void run(int part, int i) throws Exception {
        int k = i & 31;
        switch (part) {
            case 0 -> sink += MAPPER.writeValueAsString(TREES[k]).length();
            case 1 -> sink += MAPPER.readValue(JSONS[k], Object.class) == null ? 0 : 1;
            case 2 -> sink += MAPPER.readTree(JSONS[k]).size();
            case 3 -> sink += MAPPER.writeValueAsString(NODES[k]).length();
            case 4 -> sink += MAPPER.writeValueAsBytes(BEANS[k]).length;
            case 5 -> sink += MAPPER.readValue(BEAN_BYTES[k], Bean.class).getId();
            case 6 -> JacksonWorkload.step(1_000_003L + (i % 512));
            case 7 -> plainStep(1_000_003L + (i % 512));
            default -> throw new IllegalArgumentException("no part " + part);
        }
    }

    /** {@link JacksonWorkload#step} as a plain method (no {@code @Coroutine}: not rewritten). */
    static void plainStep(long seed) throws Exception {
        Random r = new Random(seed);
        Object tree = JacksonWorkload.value(r, 0);
        String json = MAPPER.writeValueAsString(tree);
        Object back = MAPPER.readValue(json, Object.class);
        if (!tree.equals(back)) {
            throw new AssertionError("round trip changed " + json + " into " + back);
        }
        JsonNode node = MAPPER.readTree(json);
        String again = MAPPER.writeValueAsString(node);
        if (!again.equals(json)) {
            throw new AssertionError("tree round trip changed " + json + " into " + again);
        }
        Bean bean = JacksonWorkload.bean(r);
        Bean read = MAPPER.readValue(MAPPER.writeValueAsBytes(bean), Bean.class);
        if (!bean.equals(read)) {
            throw new AssertionError("bean round trip changed " + MAPPER.writeValueAsString(bean));
        }
    }

    public static void main(String[] args) throws Exception {
        Parts.time(NAMES, JacksonParts::run, args);
    }
}
