package dev.coflow.samples.buses;

import dev.coflow.Coroutine;
import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.xml.sax.InputSource;

/**
 * {@code buses --generate [N]}: N generated buses, streamed through the same pipeline. The document
 * is never built: a generator yields it one bus at a time, and {@link GeneratedStream} hands those
 * pieces to the parser as it reads. The sink counts the matching buses instead of printing them.
 */
final class Generated {
    private static final String[] ROUTES = {"22", "36", "8", "9", "147", "151", "49", "66", "77", "79", "82", "3"};
    private static final String[] DIRECTIONS = {"North Bound", "South Bound", "East Bound", "West Bound"};
    private static final String[] FINAL_STOPS = {"Clark &amp; Howard", "Harrison &amp; Wells", "Navy Pier", "95th/Dan Ryan"};

    private Generated() {
    }

    /** Counts the buses that reach the end of the pipeline. */
    static final class Tally {
        long buses;
    }

    /**
     * The document, one piece at a time: the header, then each of {@code n} buses (random but the
     * same on every run), then the end. Every third bus has its direction before its route, and each
     * has elements the pipeline does not print, one with {@code &amp;} in its text.
     */
    @Coroutine
    static void document(long n) {
        Coroutines.yield("<?xml version=\"1.0\"?>\n<buses>\n");
        SplittableRandom random = new SplittableRandom(22);
        StringBuilder bus = new StringBuilder(256);
        for (long i = 0; i < n; i++) {
            String route = "\t<route>" + ROUTES[random.nextInt(ROUTES.length)] + "</route>\n";
            String direction = "\t<direction>" + DIRECTIONS[random.nextInt(DIRECTIONS.length)] + "</direction>\n";
            bus.setLength(0);
            bus.append("<bus>\n\t<id>").append(1000 + i).append("</id>\n");
            if (i % 3 == 0) {
                bus.append(direction).append(route);
            } else {
                bus.append(route).append(direction);
            }
            bus.append("\t<latitude>41.").append(600_000 + random.nextInt(400_000)).append("</latitude>\n")
                    .append("\t<longitude>-87.").append(500_000 + random.nextInt(400_000)).append("</longitude>\n")
                    .append("\t<pattern>").append(random.nextInt(1000, 9999)).append("</pattern>\n")
                    .append("\t<finalStop>").append(FINAL_STOPS[random.nextInt(FINAL_STOPS.length)]).append("</finalStop>\n")
                    .append("</bus>\n");
            Coroutines.yield(bus.toString());
        }
        Coroutines.yield("</buses>\n");
    }

    /** The text of a generator of strings, as bytes for the parser; counts what it handed over. */
    static final class GeneratedStream extends InputStream {
        private final Iterator<String> pieces;
        private byte[] piece = new byte[0];
        private int position;
        long bytes;

        GeneratedStream(Iterator<String> pieces) {
            this.pieces = pieces;
        }

        private boolean fill() {
            while (position == piece.length) {
                if (!pieces.hasNext()) {
                    return false;
                }
                piece = pieces.next().getBytes(StandardCharsets.UTF_8);
                position = 0;
            }
            return true;
        }

        @Override
        public int read() {
            if (!fill()) {
                return -1;
            }
            bytes++;
            return piece[position++] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            int copied = 0;
            while (copied < length && fill()) {
                int n = Math.min(length - copied, piece.length - position);
                System.arraycopy(piece, position, buffer, offset + copied, n);
                position += n;
                copied += n;
            }
            bytes += copied;
            return copied == 0 ? -1 : copied;
        }
    }

    /**
     * Passes every bus on to {@code target}, and at each of {@code checkpoints} (counts of buses)
     * runs a GC and notes the heap in use. Closes {@code target} when closed.
     */
    @Coroutine
    static void heapWatch(TreeSet<Long> checkpoints, List<String> notes, CoroutineHandle<Map<String, String>, ?> target) {
        long seen = 0;
        try {
            while (true) {
                Map<String, String> bus = Coroutines.yield();
                seen++;
                if (checkpoints.contains(seen)) {
                    notes.add(megabytes(heapAfterGc()) + " at " + seen);
                }
                target.send(bus);
            }
        } finally {
            target.close();
        }
    }

    /** The sink: counts. */
    @Coroutine
    static void counter(Tally tally) {
        while (true) {
            Coroutines.yield();
            tally.buses++;
        }
    }

    static void run(long n, String route, String direction, PrintStream out) throws IOException {
        TreeSet<Long> checkpoints = new TreeSet<>(List.of(Math.max(1, n / 10), Math.max(1, n / 2), n));
        List<String> notes = new ArrayList<>();
        Tally tally = new Tally();
        CoroutineHandle<Map<String, String>, Object> counter = Coroutines.start(() -> counter(tally));
        CoroutineHandle<Map<String, String>, Object> filters = BusesSample.filters(route, direction, counter);
        CoroutineHandle<Map<String, String>, Object> watch = Coroutines.start(() -> heapWatch(checkpoints, notes, filters));
        CoroutineHandle<BusesSample.Event, Object> head = Coroutines.start(() -> BusesSample.busesToDicts(watch));
        GeneratedStream xml = new GeneratedStream(Coroutines.<String>generate(() -> document(n)).iterator());
        long started = System.nanoTime();
        BusesSample.parse(new InputSource(xml), "generated document", head, true);
        double seconds = (System.nanoTime() - started) / 1e9;
        out.println("generated " + n + " buses: " + megabytes(xml.bytes) + " of XML, streamed into the parser as it was generated");
        out.println("route " + route + ", direction " + direction + ": " + tally.buses + " of the " + n + " buses");
        out.println(String.format(Locale.ROOT, "parsed and dispatched in %.2f s: %d records/s", seconds, Math.round(n / seconds)));
        out.println("heap in use after a GC: " + String.join(", ", notes) + " buses");
    }

    private static long heapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static String megabytes(long bytes) {
        return bytes < 1_000_000 ? String.format(Locale.ROOT, "%.1f kB", bytes / 1e3)
                : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
