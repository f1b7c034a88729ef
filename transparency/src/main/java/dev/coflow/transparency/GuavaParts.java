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
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code guava} workload of {@link SteadyState}, statement by statement: each part is timed on its own, so that a
 * run with the agent and one without show which calls a suspendable Guava makes slower. Each part is a static method
 * of its own (a lambda calling Guava would itself be rewritten, which the workload's code is not).
 *
 * <p>{@code java [-javaagent:…=suspendable=com.google.common.**] -cp … dev.coflow.transparency.GuavaParts ROUNDS
 * WARMUP_SECONDS [PART]}: prints, per part, the best and the median of ROUNDS rounds of 20,000 calls, in ns a call
 * ({@link Parts}).
 */
public final class GuavaParts {
    private GuavaParts() {
    }

    static volatile long sink;

    private static final String[] NAMES = {"join", "split", "copyOf", "sortedSet", "multimap", "table", "mapBuilder",
        "unionFilterTransform", "charMatcher", "hash"};
    private static final String[] JOINED = new String[32];
    private static final List<ImmutableList<String>> LISTS = new ArrayList<>();
    private static final List<ImmutableSortedSet<String>> SORTED = new ArrayList<>();

    static {
        for (int i = 0; i < 32; i++) {
            JOINED[i] = joined(i);
            LISTS.add(ImmutableList.copyOf(Splitter.on(',').trimResults().omitEmptyStrings().splitToList(JOINED[i])));
            SORTED.add(ImmutableSortedSet.copyOf(Ordering.natural().reverse(), LISTS.get(i)));
        }
    }

    private static String joined(int i) {
        int off = i % 32;
        return Joiner.on(", ").skipNulls().join(SteadyState.WORDS.subList(off, off + 32));
    }

    static void run(int part, int i) {
        int k = i & 31;
        switch (part) {
            case 0 -> sink += joined(i).length();
            case 1 -> sink += Splitter.on(',').trimResults().omitEmptyStrings().splitToList(JOINED[k]).size();
            case 2 -> sink += ImmutableList.copyOf(LISTS.get(k)).size();
            case 3 -> sink += ImmutableSortedSet.copyOf(Ordering.natural().reverse(), LISTS.get(k)).size();
            case 4 -> multimap(k);
            case 5 -> table(k);
            case 6 -> mapBuilder(k);
            case 7 -> unionFilterTransform(k);
            case 8 -> sink += CharMatcher.inRange('a', 'f').retainFrom(JOINED[k]).length();
            case 9 -> sink += Hashing.murmur3_128().hashString(JOINED[k], StandardCharsets.UTF_8).asLong();
            default -> throw new IllegalArgumentException("no part " + part);
        }
    }

    private static void multimap(int k) {
        ListMultimap<Integer, String> byLength = ArrayListMultimap.create();
        for (String w : LISTS.get(k)) {
            byLength.put(w.length(), w);
        }
        sink += byLength.size();
    }

    private static void table(int k) {
        Table<Character, Integer, String> table = HashBasedTable.create();
        for (String w : LISTS.get(k)) {
            table.put(w.charAt(0), w.length(), w);
        }
        sink += table.size();
    }

    private static void mapBuilder(int k) {
        ImmutableMap.Builder<String, Integer> mb = ImmutableMap.builder();
        for (String w : SORTED.get(k)) {
            mb.put(w, w.length());
        }
        sink += mb.buildKeepingLast().size();
    }

    private static boolean longer(String w) {
        return w.length() > 3;
    }

    private static String upper(String w) {
        return w.toUpperCase(Locale.ROOT);
    }

    private static void unionFilterTransform(int k) {
        Set<String> union = Sets.union(SORTED.get(k), Sets.newHashSet(SteadyState.WORDS.subList(0, 8)));
        Iterable<String> upper = Iterables.transform(Iterables.filter(union, GuavaParts::longer), GuavaParts::upper);
        sink += Lists.partition(Lists.newArrayList(upper), 5).size();
    }

    public static void main(String[] args) throws Exception {
        Parts.time(NAMES, GuavaParts::run, args);
    }
}
