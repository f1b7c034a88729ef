package dev.coflow.transparency;

import com.google.common.base.CharMatcher;
import com.google.common.base.Joiner;
import com.google.common.base.Splitter;
import com.google.common.collect.ArrayListMultimap;
import com.google.common.collect.HashBasedTable;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedSet;
import com.google.common.collect.Iterables;
import com.google.common.collect.ListMultimap;
import com.google.common.collect.Lists;
import com.google.common.collect.Ordering;
import com.google.common.collect.Sets;
import com.google.common.collect.Table;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.commons.collections4.Bag;
import org.apache.commons.collections4.BidiMap;
import org.apache.commons.collections4.CollectionUtils;
import org.apache.commons.collections4.IterableUtils;
import org.apache.commons.collections4.IteratorUtils;
import org.apache.commons.collections4.ListUtils;
import org.apache.commons.collections4.MultiSet;
import org.apache.commons.collections4.MultiValuedMap;
import org.apache.commons.collections4.Trie;
import org.apache.commons.collections4.bag.HashBag;
import org.apache.commons.collections4.bidimap.DualHashBidiMap;
import org.apache.commons.collections4.map.LRUMap;
import org.apache.commons.collections4.multimap.ArrayListValuedHashMap;
import org.apache.commons.collections4.multiset.HashMultiSet;
import org.apache.commons.collections4.queue.CircularFifoQueue;
import org.apache.commons.collections4.trie.PatriciaTrie;
import org.apache.commons.io.FilenameUtils;
import org.apache.commons.io.IOUtils;
import org.apache.commons.io.LineIterator;
import org.apache.commons.io.input.CharSequenceReader;
import org.apache.commons.io.output.StringBuilderWriter;
import org.apache.commons.lang3.ArrayUtils;
import org.apache.commons.lang3.StringUtils;
import org.apache.commons.lang3.text.WordUtils;

/**
 * Steady-state cost of a library rewritten whole ({@code suspendable=}) when nothing suspends: runs one
 * workload many times in one JVM and prints the time of each round, then the best and the median of the
 * last rounds. Run it twice, with and without the agent, and divide ({@code transparency/steady} does both
 * and prints the ratio). Nothing here runs as a coroutine: it is what transparency level 1 measures, minus
 * class loading, rewriting and the JIT's warm-up.
 *
 * <p>{@code java [-javaagent:…=suspendable=…] -cp … dev.coflow.transparency.SteadyState WORKLOAD ROUNDS MILLIS WARMUP}:
 * WORKLOAD is {@code jackson}, {@code guava}, {@code lang3}, {@code collections4} or {@code io} (the five libraries of the
 * transparency corpus); each round repeats the workload for about
 * MILLIS ms (the repetition count is fixed after a warm-up of WARMUP seconds, so every round does the same work).
 */
public final class SteadyState {
    private SteadyState() {
    }

    /**
     * Each workload and the packages its run with the agent makes {@code suspendable=} (the library it calls);
     * {@code transparency/steady} passes the same.
     */
    static final Map<String, String> PACKAGES = Map.of(
            "jackson", "com.fasterxml.jackson.**",
            "guava", "com.google.common.**",
            "lang3", "org.apache.commons.lang3.**",
            "collections4", "org.apache.commons.collections4.**",
            "io", "org.apache.commons.io.**");

    /** Keeps results alive so the JIT cannot drop the work. */
    static volatile long sink;

    public static void main(String[] args) throws Exception {
        String workload = args.length > 0 ? args[0] : "jackson";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        long millis = args.length > 2 ? Long.parseLong(args[2]) : 500;
        long warmUpSeconds = args.length > 3 ? Long.parseLong(args[3]) : 20;
        if (!PACKAGES.containsKey(workload)) {
            throw new IllegalArgumentException("unknown workload " + workload + "; one of " + PACKAGES.keySet());
        }
        Step step = switch (workload) {
            case "jackson" -> SteadyState::jackson;
            case "guava" -> SteadyState::guava;
            case "lang3" -> SteadyState::lang3;
            case "collections4" -> SteadyState::collections4;
            case "io" -> SteadyState::io;
            default -> throw new IllegalArgumentException("unknown workload " + workload);
        };
        // warm-up: loading, rewriting and the JIT (WARMUP seconds), then one round that counts how many steps fill MILLIS
        // every 5 s of the warm-up, the time per step in those 5 s: how long the JIT takes to settle
        long start = System.nanoTime();
        long window = start;
        int inWindow = 0;
        for (int i = 0; System.nanoTime() - start < warmUpSeconds * 1_000_000_000L; i++) {
            step.run(i);
            inWindow++;
            long now = System.nanoTime();
            if (now - window >= 5_000_000_000L) {
                System.out.printf(Locale.ROOT, "warm-up %2d s: %.2f us/step%n", (now - start) / 1_000_000_000L,
                        (now - window) / 1000.0 / inWindow);
                window = now;
                inWindow = 0;
            }
        }
        start = System.nanoTime();
        int reps = 0;
        while (System.nanoTime() - start < millis * 1_000_000L) {
            step.run(reps++);
        }
        double[] perStep = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                step.run(i);
            }
            perStep[r] = (System.nanoTime() - t0) / 1000.0 / reps;
            System.out.printf(Locale.ROOT, "round %d: %.2f us/step%n", r, perStep[r]);
        }
        int last = Math.max(1, rounds / 3);
        double[] tail = Arrays.copyOfRange(perStep, rounds - last, rounds);
        Arrays.sort(tail);
        System.out.printf(Locale.ROOT, "RESULT %s steps/round=%d last=%d best=%.3f median=%.3f us/step%n",
                workload, reps, last, tail[0], tail[tail.length / 2]);
    }

    interface Step {
        void run(int i) throws Exception;
    }

    static void jackson(int i) throws Exception {
        JacksonWorkload.step(1_000_003L + (i % 512));
    }

    static final List<String> WORDS = words();

    private static List<String> words() {
        Random r = new Random(42);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            StringBuilder b = new StringBuilder();
            for (int j = r.nextInt(9); j >= 0; j--) {
                b.append((char) ('a' + r.nextInt(26)));
            }
            out.add(b.toString());
        }
        return out;
    }

    /** Collections, strings, ordering and hashing: many small Guava methods calling each other. */
    static void guava(int i) {
        int off = i % 32;
        List<String> words = WORDS.subList(off, off + 32);
        String joined = Joiner.on(", ").skipNulls().join(words);
        List<String> split = Splitter.on(',').trimResults().omitEmptyStrings().splitToList(joined);
        ImmutableList<String> list = ImmutableList.copyOf(split);
        ImmutableSortedSet<String> sorted = ImmutableSortedSet.copyOf(Ordering.natural().reverse(), list);
        ListMultimap<Integer, String> byLength = ArrayListMultimap.create();
        for (String w : list) {
            byLength.put(w.length(), w);
        }
        Table<Character, Integer, String> table = HashBasedTable.create();
        for (String w : list) {
            table.put(w.charAt(0), w.length(), w);
        }
        ImmutableMap.Builder<String, Integer> mb = ImmutableMap.builder();
        for (String w : sorted) {
            mb.put(w, w.length());
        }
        Map<String, Integer> map = mb.buildKeepingLast();
        Set<String> union = Sets.union(sorted, Sets.newHashSet(WORDS.subList(0, 8)));
        Iterable<String> upper = Iterables.transform(Iterables.filter(union, w -> w.length() > 3), w -> w.toUpperCase(Locale.ROOT));
        List<List<String>> parts = Lists.partition(Lists.newArrayList(upper), 5);
        String digits = CharMatcher.inRange('a', 'f').retainFrom(joined);
        long hash = Hashing.murmur3_128().hashString(joined, StandardCharsets.UTF_8).asLong();
        sink += split.size() + sorted.size() + byLength.size() + table.size() + map.size() + parts.size() + digits.length() + hash;
    }

    /** String and array utilities of commons-lang3. */
    @SuppressWarnings("deprecation")
    static void lang3(int i) {
        int off = i % 32;
        List<String> words = WORDS.subList(off, off + 32);
        String joined = StringUtils.join(words, ' ');
        String[] split = StringUtils.split(joined);
        long acc = 0;
        for (String w : split) {
            acc += StringUtils.capitalize(w).hashCode();
            acc += StringUtils.leftPad(w, 12, '.').length();
            acc += StringUtils.countMatches(joined, w);
            acc += StringUtils.isAlpha(w) ? 1 : 0;
            acc += StringUtils.reverse(w).hashCode();
            acc += StringUtils.abbreviate(w + w + w, 10).length();
            acc += StringUtils.getLevenshteinDistance(w, split[0]);
        }
        acc += WordUtils.capitalizeFully(joined).hashCode();
        acc += StringUtils.substringBetween(joined, split[1], split[3]) == null ? 0 : 1;
        int[] ints = new int[split.length];
        for (int k = 0; k < ints.length; k++) {
            ints[k] = split[k].length();
        }
        ArrayUtils.reverse(ints);
        acc += ArrayUtils.indexOf(ints, 3) + ArrayUtils.toObject(ints).length;
        sink += acc;
    }

    /** Bags, multisets, multimaps, a bidirectional map, an LRU map, a trie, a queue and the utilities of commons-collections4. */
    static void collections4(int i) {
        int off = i % 32;
        List<String> words = WORDS.subList(off, off + 32);
        Bag<String> bag = new HashBag<>();
        MultiSet<Integer> lengths = new HashMultiSet<>();
        MultiValuedMap<Character, String> byInitial = new ArrayListValuedHashMap<>();
        BidiMap<String, Integer> positions = new DualHashBidiMap<>();
        LRUMap<String, Integer> recent = new LRUMap<>(8);
        Trie<String, Integer> trie = new PatriciaTrie<>();
        CircularFifoQueue<String> last = new CircularFifoQueue<>(5);
        for (int k = 0; k < words.size(); k++) {
            String w = words.get(k);
            bag.add(w, 2);
            lengths.add(w.length());
            byInitial.put(w.charAt(0), w);
            positions.put(w, k);
            recent.put(w, k);
            trie.put(w, k);
            last.add(w);
        }
        long acc = bag.getCount(words.get(0)) + lengths.getCount(3) + byInitial.get('a').size() + positions.inverseBidiMap().size();
        acc += recent.size() + trie.prefixMap(words.get(1).substring(0, 1)).size() + last.size();
        acc += CollectionUtils.intersection(words, WORDS.subList(0, 16)).size() + CollectionUtils.union(words, WORDS).size();
        acc += CollectionUtils.subtract(WORDS, words).size() + CollectionUtils.countMatches(words, w -> w.length() > 4);
        acc += CollectionUtils.collect(words, String::length).size() + ListUtils.partition(words, 5).size();
        acc += IteratorUtils.toList(IteratorUtils.filteredIterator(words.iterator(), w -> w.indexOf('e') >= 0)).size();
        acc += IterableUtils.frequency(words, words.get(2)) + ListUtils.longestCommonSubsequence(words, WORDS.subList(0, 32)).size();
        sink += acc;
    }

    private static final String TEXT = text();

    private static String text() {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < 64; k++) {
            b.append("src/main/java/").append(WORDS.get(k)).append("/../").append(WORDS.get((k * 7) % 64)).append(".java\n");
        }
        return b.toString();
    }

    /** Readers, writers, line iteration and file-name arithmetic of commons-io, all in memory. */
    static void io(int i) throws Exception {
        int off = i % 32;
        String text = TEXT.substring(off * 8);
        List<String> lines = IOUtils.readLines(new CharSequenceReader(text));
        StringBuilderWriter copy = new StringBuilderWriter();
        IOUtils.copy(new CharSequenceReader(text), copy);
        long acc = lines.size() + copy.toString().length();
        acc += IOUtils.contentEquals(new CharSequenceReader(text), new CharSequenceReader(copy.getBuilder())) ? 1 : 0;
        acc += IOUtils.toString(IOUtils.toInputStream(text, StandardCharsets.UTF_8), StandardCharsets.UTF_8).length();
        try (LineIterator it = IOUtils.lineIterator(new CharSequenceReader(text))) {
            while (it.hasNext()) {
                String line = it.next();
                acc += FilenameUtils.getExtension(line).length() + FilenameUtils.getBaseName(line).length();
                String normal = FilenameUtils.normalize(line, true);
                acc += normal == null ? 0 : normal.length();
                String joined = FilenameUtils.concat("/base/dir", line);
                acc += joined == null ? 0 : joined.length();
                acc += FilenameUtils.wildcardMatch(line, "*/main/*.java") ? 1 : 0;
            }
        }
        sink += acc;
    }
}
