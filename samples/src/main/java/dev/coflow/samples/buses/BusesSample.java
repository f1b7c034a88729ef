package dev.coflow.samples.buses;

import dev.coflow.Coroutine;
import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import dev.coflow.samples.Lines;
import dev.coflow.samples.Sample;
import dev.coflow.samples.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * {@code buses FILE --route R --direction D}: Beazley's event-dispatching example. The SAX parser
 * calls a plain handler, which sends each event into a coroutine pipeline:
 * <pre>
 * xml.sax.parse("allroutes.xml", EventHandler(
 *     buses_to_dicts(
 *     filter_on_field("route", "22",
 *     filter_on_field("direction", "North Bound",
 *     bus_locations())))))
 * </pre>
 * A bus is every direct child element of a {@code <bus>}, by name, with its text; elements may come
 * in any order, others than the five printed are kept but not used, and text that the parser hands
 * over in pieces (around {@code &amp;}, across its buffers) is joined. A bus without a route or a
 * direction never matches; one that matches but lacks {@code id}, {@code latitude} or
 * {@code longitude} is printed with that field empty. Values are compared and printed exactly as
 * written, spaces included.
 *
 * <p>{@code buses --generate [N]} parses a generated document of N buses instead (1,000,000 unless
 * given), streamed from a generator into the parser, and prints the records per second and the heap
 * in use after a GC at three points of the run, which stays flat: nothing holds the document.
 */
public final class BusesSample implements Sample {
    /** What the parser saw: the start or end of an element (its name), or a piece of text. */
    enum Kind { START, TEXT, END }

    /** One SAX event, as the handler sends it into the pipeline (Beazley's {@code ('start', name)} tuples). */
    record Event(Kind kind, String value) {
    }

    /** The default N of {@code --generate}. */
    static final long DEFAULT_GENERATED = 1_000_000;

    /** The route and direction that {@code --generate} keeps unless told otherwise: the course's. */
    static final String DEFAULT_ROUTE = "22";
    static final String DEFAULT_DIRECTION = "North Bound";

    /** Not a coroutine: the SAX callbacks, turned into events sent to {@code target}. */
    static final class EventHandler extends DefaultHandler {
        private final CoroutineHandle<Event, ?> target;

        EventHandler(CoroutineHandle<Event, ?> target) {
            this.target = target;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            target.send(new Event(Kind.START, qName));
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            target.send(new Event(Kind.TEXT, new String(ch, start, length)));
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            target.send(new Event(Kind.END, qName));
        }
    }

    /**
     * Rebuilds each {@code <bus>} as a map from its child elements' names to their text, and sends
     * it to {@code target}. Events outside a bus are skipped; so is the text of elements nested
     * deeper than a bus's children. Closes {@code target} when closed.
     */
    @Coroutine
    static void busesToDicts(CoroutineHandle<Map<String, String>, ?> target) {
        try {
            while (true) {
                Event event = Coroutines.yield();
                if (event.kind() != Kind.START || !event.value().equals("bus")) {
                    continue;
                }
                Map<String, String> bus = new HashMap<>();
                StringBuilder text = new StringBuilder();
                String field = null;
                int depth = 0; // 0: directly in <bus>; 1: in one of its children; more: deeper
                while (true) {
                    event = Coroutines.yield();
                    if (event.kind() == Kind.START) {
                        depth++;
                        if (depth == 1) {
                            field = event.value();
                            text.setLength(0);
                        }
                    } else if (event.kind() == Kind.TEXT) {
                        if (depth == 1) {
                            text.append(event.value()); // the pieces of one element's text, joined
                        }
                    } else if (depth == 0) { // the end of the bus itself
                        target.send(bus);
                        break;
                    } else {
                        if (depth == 1) {
                            bus.put(field, text.toString());
                        }
                        depth--;
                    }
                }
            }
        } finally {
            target.close();
        }
    }

    /** Passes on the buses whose {@code field} equals {@code value} exactly; closes {@code target} when closed. */
    @Coroutine
    static void filterOnField(String field, String value, CoroutineHandle<Map<String, String>, ?> target) {
        try {
            while (true) {
                Map<String, String> bus = Coroutines.yield();
                if (value.equals(bus.get(field))) {
                    target.send(bus);
                }
            }
        } finally {
            target.close();
        }
    }

    /** The sink: prints each bus as {@code route,id,"direction",latitude,longitude}. */
    @Coroutine
    static void busLocations(PrintStream out) {
        while (true) {
            Map<String, String> bus = Coroutines.yield();
            out.println(bus.getOrDefault("route", "") + "," + bus.getOrDefault("id", "") + ",\""
                    + bus.getOrDefault("direction", "") + "\"," + bus.getOrDefault("latitude", "") + ","
                    + bus.getOrDefault("longitude", ""));
        }
    }

    /** Parses {@code source}, sending its events to {@code target}; closes {@code target} at the end, or on an error. */
    static void parse(InputSource source, String name, CoroutineHandle<Event, ?> target) throws IOException {
        parse(source, name, target, false);
    }

    /**
     * As {@link #parse(InputSource, String, CoroutineHandle)}; {@code unlimited} lifts the JDK's limits
     * on the size of entity text, for the generated document only: newer JDKs (25 here) count every
     * {@code &amp;} expansion in the document toward a 100,000-character limit, which a million
     * generated buses pass. Files given on the command line keep the JDK's limits.
     */
    static void parse(InputSource source, String name, CoroutineHandle<Event, ?> target, boolean unlimited) throws IOException {
        try {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            SAXParser parser = factory.newSAXParser();
            if (unlimited) {
                parser.setProperty("jdk.xml.maxGeneralEntitySizeLimit", "0");
                parser.setProperty("jdk.xml.totalEntitySizeLimit", "0");
            }
            parser.parse(source, new EventHandler(target));
        } catch (SAXParseException e) {
            throw new IOException(name + ":" + e.getLineNumber() + ":" + e.getColumnNumber() + ": " + e.getMessage(), e);
        } catch (SAXException | ParserConfigurationException e) {
            throw new IOException(name + ": " + e.getMessage(), e);
        } finally {
            target.close();
        }
    }

    /** The course's two filters, route then direction, in front of {@code sink}. */
    static CoroutineHandle<Map<String, String>, Object> filters(String route, String direction,
            CoroutineHandle<Map<String, String>, ?> sink) {
        CoroutineHandle<Map<String, String>, Object> byDirection = Coroutines.start(() -> filterOnField("direction", direction, sink));
        return Coroutines.start(() -> filterOnField("route", route, byDirection));
    }

    @Override
    public String name() {
        return "buses";
    }

    @Override
    public String arguments() {
        return "FILE --route R --direction D | --generate [N]";
    }

    @Override
    public String summary() {
        return "SAX events sent into coroutines that rebuild, filter and print buses; --generate shows constant memory";
    }

    @Override
    public void run(List<String> args, InputStream in, PrintStream out) throws IOException {
        String file = null;
        String route = null;
        String direction = null;
        Long generate = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--route") || arg.equals("--direction")) {
                if (i + 1 == args.size()) {
                    throw new UsageException(arg + " needs a value");
                }
                if (arg.equals("--route")) {
                    route = args.get(++i);
                } else {
                    direction = args.get(++i);
                }
            } else if (arg.equals("--generate")) {
                generate = DEFAULT_GENERATED;
                if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                    generate = count(args.get(++i));
                }
            } else if (arg.startsWith("--")) {
                throw new UsageException("unknown option '" + arg + "'");
            } else if (file == null) {
                file = arg;
            } else {
                throw new UsageException("more than one FILE: '" + file + "' and '" + arg + "'");
            }
        }
        if (generate != null) {
            if (file != null) {
                throw new UsageException("FILE and --generate together: '" + file + "'");
            }
            Generated.run(generate, route == null ? DEFAULT_ROUTE : route, direction == null ? DEFAULT_DIRECTION : direction, out);
            return;
        }
        if (file == null) {
            throw new UsageException("missing FILE (or --generate)");
        }
        if (route == null) {
            throw new UsageException("missing --route R");
        }
        if (direction == null) {
            throw new UsageException("missing --direction D");
        }
        Path path = Lines.checkedFile(file);
        CoroutineHandle<Map<String, String>, Object> printer = Coroutines.start(() -> busLocations(out));
        try (InputStream xml = Files.newInputStream(path)) {
            InputSource source = new InputSource(xml);
            source.setSystemId(path.toUri().toString());
            CoroutineHandle<Map<String, String>, Object> filters = filters(route, direction, printer);
            parse(source, file, Coroutines.start(() -> busesToDicts(filters)));
        }
    }

    private static long count(String text) {
        long n;
        try {
            n = Long.parseLong(text.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new UsageException("--generate N: '" + text + "' is not a number");
        }
        if (n < 1) {
            throw new UsageException("--generate N: N must be at least 1, not " + n);
        }
        return n;
    }
}
