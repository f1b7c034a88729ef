package dev.coflow.agent;

import dev.coflow.rewriter.SuspendableClasses;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The agent's options, from {@code -javaagent:instrument-agent.jar=key=value,key=value}. An unknown
 * key or a bad value stops start-up with a message that lists every valid key.
 *
 * @param verify   check every rewritten class (structure and data flow) and leave it unrewritten if it fails
 * @param dump     a directory to write each rewritten class to, before and after ({@code .class} and {@code .txt}), and each class an error left as it was, as it came
 * @param trace    print a line for every decision
 * @param excludes internal-name prefixes of classes never to rewrite
 * @param strict   check at every suspension that no method that was not rewritten stands in the chain
 * @param suspendable classes every method of which is treated as {@code @Coroutine}
 * @param entryPoints a test hook: a conditional suspension point at the entry of every rewritten body, which does nothing unless a test kit installs a policy (see {@code dev.coflow.runtime.EntryPoints})
 * @param stats    a file to write, at exit, one line per class the agent rewrote or looked into: how long rewriting took, methods, sizes
 */
public record AgentOptions(boolean verify, Path dump, boolean trace, List<String> excludes, boolean strict,
                           SuspendableClasses suspendable, boolean entryPoints, Path stats) {

    /** The options without {@code suspendable}, {@code entryPoints} and {@code stats}. */
    public AgentOptions(boolean verify, Path dump, boolean trace, List<String> excludes, boolean strict) {
        this(verify, dump, trace, excludes, strict, SuspendableClasses.NONE, false, null);
    }

    /** key -> (default, what it does), in the order the usage message lists them. */
    static final Map<String, String[]> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("verify", new String[] {"false", "true: check each rewritten class with ASM and keep the original when the check fails"});
        KEYS.put("dump", new String[] {"(none)", "a directory: write each rewritten class there, before and after, as .class and .txt; a class an error left as it was, as it came"});
        KEYS.put("trace", new String[] {"false", "true: print one [coflow] line per class and method the agent rewrites or skips"});
        KEYS.put("exclude", new String[] {"(none)", "package or class prefixes never to rewrite, separated by ';' (e.g. com.acme.gen.;org.other.)"});
        KEYS.put("strict", new String[] {"false", "true: at every suspension, walk the stack and fail at once if a method that was not rewritten is in the chain (slow; for finding such frames)"});
        KEYS.put("suspendable", new String[] {"(none)", "classes every method of which counts as @Coroutine, separated by ';': com.acme.* (classes of the package), com.acme.** (and its subpackages), com.acme.Foo (the class and its nested classes), ** (all)"});
        KEYS.put("stats", new String[] {"(none)", "a file: at exit, write one line per class the agent rewrote or looked into (microseconds it took, methods rewritten, bytes before and after) and print a summary line"});
        KEYS.put("entryPoints", new String[] {"false", "true (tests only): every rewritten body gets a conditional suspension point at its entry, for a test kit that suspends and resumes there to check that suspending anywhere changes nothing (coflow-testkit's forced round trips); nothing happens without one"});
    }

    /** Parses the agent argument string ({@code null} or empty gives the defaults). */
    public static AgentOptions parse(String arguments) {
        boolean verify = false;
        boolean trace = false;
        boolean strict = false;
        boolean entryPoints = false;
        SuspendableClasses suspendable = SuspendableClasses.NONE;
        Path dump = null;
        Path stats = null;
        List<String> excludes = new ArrayList<>();
        if (arguments != null && !arguments.isBlank()) {
            for (String pair : arguments.split(",")) {
                if (pair.isBlank()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    String bare = pair.trim();
                    throw new IllegalArgumentException(KEYS.containsKey(bare)
                            ? usage("option '" + bare + "' has no value", bare)
                            : usage("option '" + bare + "' is not key=value", null));
                }
                String key = pair.substring(0, eq).trim();
                String value = pair.substring(eq + 1).trim();
                switch (key) {
                    case "verify" -> verify = bool(key, value);
                    case "trace" -> trace = bool(key, value);
                    case "strict" -> strict = bool(key, value);
                    case "entryPoints" -> entryPoints = bool(key, value);
                    case "suspendable" -> {
                        try {
                            suspendable = SuspendableClasses.parse(value);
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException(usage(e.getMessage(), key));
                        }
                        if (suspendable.isEmpty()) {
                            throw new IllegalArgumentException(usage("suspendable needs at least one pattern", key));
                        }
                    }
                    case "dump" -> dump = path(key, value, "a directory");
                    case "stats" -> stats = path(key, value, "a file");
                    case "exclude" -> {
                        for (String prefix : value.split(";")) {
                            if (!prefix.isBlank()) {
                                excludes.add(prefix.trim().replace('.', '/'));
                            }
                        }
                    }
                    default -> {
                        String near = nearestKey(key);
                        throw new IllegalArgumentException(usage("unknown option '" + key + "'"
                                + (near == null ? "" : " (did you mean '" + near + "'?)"), near));
                    }
                }
            }
        }
        return new AgentOptions(verify, dump, trace, List.copyOf(excludes), strict, suspendable, entryPoints, stats);
    }

    private static Path path(String key, String value, String what) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(usage(key + " needs " + what, key));
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(usage(key + ": '" + value + "' is not a path (" + e.getReason() + ")", key));
        }
    }

    private static boolean bool(String key, String value) {
        if (value.equals("true")) {
            return true;
        }
        if (value.equals("false")) {
            return false;
        }
        throw new IllegalArgumentException(usage(key + " must be true or false, not '" + value + "'", key));
    }

    /** The valid key within two edits of {@code unknownKey} (the nearest), or {@code null}. */
    private static String nearestKey(String unknownKey) {
        String best = null;
        int bestDistance = 3;
        for (String key : KEYS.keySet()) {
            int distance = editDistance(unknownKey.toLowerCase(Locale.ROOT), key.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = key;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** Levenshtein distance: insertions, deletions and substitutions of one character each cost 1. */
    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** An example value for each key, used in the usage message's example line. */
    private static final Map<String, String> EXAMPLES = Map.of(
            "verify", "verify=true",
            "dump", "dump=coflow-dump",
            "trace", "trace=true",
            "exclude", "exclude=com.acme.gen.;org.other.",
            "strict", "strict=true",
            "suspendable", "suspendable=com.acme.parser.**",
            "stats", "stats=coflow-stats.tsv",
            "entryPoints", "entryPoints=true");

    /**
     * The message for a bad option: what is wrong, an example (of the key at fault when it is a
     * valid key, else of two common options), then every valid key with its default and effect.
     *
     * @param key the valid key whose value is at fault, or {@code null} when the key itself is
     */
    static String usage(String problem, String key) {
        String example = key != null && EXAMPLES.containsKey(key) ? EXAMPLES.get(key) : "verify=true,trace=true";
        StringBuilder b = new StringBuilder("[coflow] bad agent options: ").append(problem).append('.')
                .append("\nExample: -javaagent:instrument-agent.jar=").append(example)
                .append("\nValid keys (key=value, separated by ','):");
        KEYS.forEach((name, info) -> b.append("\n  ").append(name).append(" (default ").append(info[0]).append("): ").append(info[1]));
        return b.toString();
    }
}
