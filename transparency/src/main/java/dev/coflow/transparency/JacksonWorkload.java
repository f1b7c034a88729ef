package dev.coflow.transparency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coflow.Coroutine;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Jackson publishes no test jar, so its workload is a seeded JSON round trip: each step builds a random
 * tree of maps, lists, strings, numbers, booleans and nulls and a bean, writes them with
 * {@code ObjectMapper}, reads them back as {@code Object}, as a {@code JsonNode} and as the bean, and
 * checks that nothing changed. The step is {@code @Coroutine}, the root of a coroutine at levels 2-4.
 */
public final class JacksonWorkload {
    private JacksonWorkload() {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A plain bean, read and written through its getters and setters. */
    public static final class Bean {
        private String name;
        private long id;
        private double score;
        private List<String> tags = new ArrayList<>();
        private Map<String, Integer> counts = new LinkedHashMap<>();

        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public long getId() { return id; }
        public void setId(long id) { this.id = id; }
        public double getScore() { return score; }
        public void setScore(double score) { this.score = score; }
        public List<String> getTags() { return tags; }
        public void setTags(List<String> tags) { this.tags = tags; }
        public Map<String, Integer> getCounts() { return counts; }
        public void setCounts(Map<String, Integer> counts) { this.counts = counts; }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bean b && java.util.Objects.equals(name, b.name) && id == b.id
                    && Double.compare(score, b.score) == 0 && tags.equals(b.tags) && counts.equals(b.counts);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(name, id, tags);
        }
    }

    static Map<String, String> run(long seed, int steps) throws Exception {
        Method step = JacksonWorkload.class.getDeclaredMethod("step", long.class);
        Map<String, String> results = new LinkedHashMap<>();
        for (int i = 0; i < steps; i++) {
            String id = String.format("step %05d", i);
            try {
                Driver.reseed(id);
                CoroutineRunner.invoke(step, null, new Object[] {seed * 1_000_003L + i});
                results.put(id, "PASS");
            } catch (Throwable t) {
                results.put(id, "FAIL " + t.getClass().getName() + ": " + Driver.firstLine(t.getMessage()));
            }
        }
        return results;
    }

    /** One round trip of a random tree and bean; throws when anything came back different. */
    @Coroutine
    static void step(long seed) throws Exception {
        Random r = new Random(seed);
        Object tree = value(r, 0);
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
        Bean bean = bean(r);
        Bean read = MAPPER.readValue(MAPPER.writeValueAsBytes(bean), Bean.class);
        if (!bean.equals(read)) {
            throw new AssertionError("bean round trip changed " + MAPPER.writeValueAsString(bean));
        }
    }

    /** A random bean: a name, an id, a score, and up to three tags and counts. */
    static Bean bean(Random r) {
        Bean bean = new Bean();
        bean.setName(string(r));
        bean.setId(r.nextLong());
        bean.setScore(r.nextInt(1_000_000) / 64.0);
        for (int i = r.nextInt(4); i > 0; i--) {
            bean.getTags().add(string(r));
            bean.getCounts().put(string(r), r.nextInt());
        }
        return bean;
    }

    static Object value(Random r, int depth) {
        int kind = depth >= 4 ? 2 + r.nextInt(5) : r.nextInt(7);
        switch (kind) {
            case 0: {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = r.nextInt(5); i > 0; i--) {
                    m.put(string(r), value(r, depth + 1));
                }
                return m;
            }
            case 1: {
                List<Object> l = new ArrayList<>();
                for (int i = r.nextInt(5); i > 0; i--) {
                    l.add(value(r, depth + 1));
                }
                return l;
            }
            case 2: return string(r);
            case 3: return r.nextInt();
            case 4: return r.nextBoolean() ? (Object) (Integer.MAX_VALUE + 1L + (r.nextLong() >>> 2)) : (Object) (r.nextInt(1 << 20) / 8.0);
            case 5: return r.nextBoolean();
            default: return depth == 0 ? new ArrayList<>() : null;
        }
    }

    static String string(Random r) {
        String alphabet = "abcxyz \"\\\n\té€😀/";
        StringBuilder b = new StringBuilder();
        for (int i = r.nextInt(8); i >= 0; i--) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        String s = b.toString();
        // the emoji is two chars; a lone half would not survive UTF-8
        return s.codePoints().allMatch(Character::isValidCodePoint) && !hasLoneSurrogate(s) ? s : "plain";
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
