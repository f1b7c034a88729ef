package dev.coflow.samples.generators;

import dev.coflow.Coroutine;
import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import dev.coflow.Generator;
import dev.coflow.StopIteration;
import dev.coflow.samples.Sample;
import dev.coflow.samples.UsageException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** {@code generators}: five small generators, each printed under a heading that says what it shows. */
public final class GeneratorsSample implements Sample {

    /** Yields n, n-1, ..., 1. */
    @Coroutine
    static void countdown(int n) {
        while (n > 0) {
            Coroutines.yield(n);
            n--;
        }
    }

    /** Yields the Fibonacci numbers forever; says how many it produced when it is closed. */
    @Coroutine
    static void fibonacci(PrintStream out) {
        long a = 0;
        long b = 1;
        int produced = 0;
        try {
            while (true) {
                produced++;
                Coroutines.yield(a);
                long next = a + b;
                a = b;
                b = next;
            }
        } finally {
            out.println("  (closing the stream closed the generator after " + produced + " values)");
        }
    }

    /** A node of an unbalanced binary search tree of words. */
    record Node(String word, Node left, Node right) {
        static Node insert(Node node, String word) {
            if (node == null) {
                return new Node(word, null, null);
            }
            return word.compareTo(node.word) < 0
                    ? new Node(node.word, insert(node.left, word), node.right)
                    : new Node(node.word, node.left, insert(node.right, word));
        }
    }

    /** Yields the words of the tree in order: the left subtree's, this node's, the right subtree's. */
    @Coroutine
    static void inOrder(Node node) {
        if (node != null) {
            inOrder(node.left());
            Coroutines.yield(node.word());
            inOrder(node.right());
        }
    }

    /**
     * Yields every ordering of {@code items}, recursively: for each item in turn, that item followed
     * by every ordering of the others (a chain of suspended frames as deep as the list is long).
     */
    @Coroutine
    static void permutations(String prefix, List<String> items) {
        if (items.isEmpty()) {
            Coroutines.yield(prefix);
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            List<String> rest = new java.util.ArrayList<>(items);
            String first = rest.remove(i);
            permutations(prefix + first, rest);
        }
    }

    /** Yields the words of {@code text} and returns how many there were. */
    @Coroutine
    static int words(String text) {
        int count = 0;
        for (String word : text.split(" ")) {
            Coroutines.yield(word);
            count++;
        }
        return count;
    }

    /** Counts down, then yields one more value: the countdown's values pass straight through. */
    @Coroutine
    static void launch() {
        countdown(3);
        Coroutines.yield("liftoff!");
    }

    /** What {@link #averager} returns. */
    record Summary(int count, double average) {
    }

    /**
     * Receives numbers with {@code send} and yields the running average after each; a {@code null}
     * ends it, and it returns the count and the average (the averager of PEP 380's examples).
     */
    @Coroutine
    static Summary averager() {
        double total = 0;
        int count = 0;
        Double average = null;
        while (true) {
            Double term = Coroutines.yield(average);
            if (term == null) {
                break;
            }
            total += term;
            count++;
            average = total / count;
        }
        return new Summary(count, count == 0 ? Double.NaN : total / count);
    }

    /**
     * Delegates to a fresh averager, again and again: values sent to the grouper reach the averager,
     * its running averages come back out, and its return value lands in {@code results}.
     */
    @Coroutine
    static void grouper(Map<String, Summary> results, String key) {
        while (true) {
            Summary summary = Coroutines.yieldFrom(Coroutines.create(() -> averager()));
            results.put(key, summary);
        }
    }

    @Override
    public String name() {
        return "generators";
    }

    @Override
    public String arguments() {
        return "";
    }

    @Override
    public String summary() {
        return "countdown, infinite Fibonacci with a Stream, recursive tree walk and permutations, a return value, delegation";
    }

    @Override
    public void run(List<String> args, InputStream in, PrintStream out) {
        if (!args.isEmpty()) {
            throw new UsageException("takes no arguments, got " + args);
        }

        out.println("countdown: a method that yields is a generator");
        List<Object> values = new ArrayList<>();
        for (int n : Coroutines.<Integer>generate(() -> countdown(5))) {
            values.add(n);
        }
        out.println("  " + joined(values));

        out.println("fibonacci: an infinite generator, limited with a Stream");
        try (Stream<Long> fibonacci = Coroutines.<Long>generate(() -> fibonacci(out)).stream()) {
            out.println("  " + fibonacci.limit(10).map(String::valueOf).collect(Collectors.joining(" ")));
        }

        out.println("in-order walk of a search tree: a recursive generator");
        Node tree = null;
        for (String word : List.of("kiwi", "date", "pear", "banana", "fig", "plum", "apple", "cherry", "lime")) {
            tree = Node.insert(tree, word);
        }
        Node root = tree;
        values.clear();
        for (String word : Coroutines.<String>generate(() -> inOrder(root))) {
            values.add(word);
        }
        out.println("  " + joined(values));

        out.println("permutations: a recursive generator, one suspended frame per level");
        values.clear();
        for (String p : Coroutines.<String>generate(() -> permutations("", List.of("a", "b", "c")))) {
            values.add(p);
        }
        out.println("  " + joined(values));

        out.println("words: a generator that returns a value");
        Generator<String> words = Coroutines.generate(() -> words("the quick brown fox"));
        values.clear();
        for (String word : words) {
            values.add(word);
        }
        out.println("  for-each: " + joined(values) + "; then result() = " + words.result());
        CoroutineHandle<Object, String> stepped = Coroutines.create(() -> words("to be"));
        out.print("  next() = " + stepped.next());
        out.print(", next() = " + stepped.next());
        try {
            stepped.next();
            out.println(", next() returned instead of finishing");
        } catch (StopIteration stop) {
            out.println(", next() throws StopIteration with value() = " + stop.value());
        }

        out.println("delegation: calling a @Coroutine method, and Coroutines.yieldFrom");
        values.clear();
        for (Object value : Coroutines.generate(() -> launch())) {
            values.add(value);
        }
        out.println("  launch(): " + joined(values));
        Map<String, List<Double>> weights = new LinkedHashMap<>();
        weights.put("boys", List.of(39.0, 40.8, 43.2, 40.8));
        weights.put("girls", List.of(40.9, 38.5, 44.3));
        Map<String, Summary> results = new LinkedHashMap<>();
        for (Map.Entry<String, List<Double>> group : weights.entrySet()) {
            String key = group.getKey();
            CoroutineHandle<Double, Double> grouper = Coroutines.start(() -> grouper(results, key));
            values.clear();
            for (double weight : group.getValue()) {
                values.add(format(grouper.send(weight)));
            }
            grouper.send(null);
            grouper.close();
            out.println("  " + key + ": running averages " + joined(values));
        }
        results.forEach((key, summary) -> out.println("  " + key + ": averager returned "
                + summary.count() + " values, average " + format(summary.average())));
    }

    private static String joined(List<Object> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(" "));
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
