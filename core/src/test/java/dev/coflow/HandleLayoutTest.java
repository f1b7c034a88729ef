package dev.coflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.ClassLayout;

/**
 * What a suspended coroutine costs in heap, object by object: the handle and the frames the README and
 * design.md quote, with compressed references and class pointers (the JVM's default below 32 GB of heap).
 * A field added to the handle (or to {@code Context}) fails here before it shows in the memory benchmark.
 */
class HandleLayoutTest {
    private static boolean on(String flag) {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        return Boolean.parseBoolean(vm.getVMOption(flag).getValue());
    }

    private static long size(Class<?> c) {
        return ClassLayout.parseClass(c).instanceSize();
    }

    private static boolean defaultLayout() {
        boolean compactHeaders = false;
        try {
            compactHeaders = on("UseCompactObjectHeaders"); // JDK 24+
        } catch (IllegalArgumentException noSuchFlag) {
            // an older JDK: 12-byte headers
        }
        return on("UseCompressedOops") && on("UseCompressedClassPointers") && !compactHeaders;
    }

    @Test
    void handle_is32Bytes() {
        assumeTrue(defaultLayout(), "compressed references and 12-byte headers only");
        assertEquals(32, size(Handle.class), ClassLayout.parseClass(Handle.class).toPrintable());
        assertEquals(32, size(GeneratorHandle.class), ClassLayout.parseClass(GeneratorHandle.class).toPrintable());
    }

    @Test
    void frames_areTheSizesTheDocsQuote() {
        assumeTrue(defaultLayout(), "compressed references and 12-byte headers only");
        assertEquals(24, size(dev.coflow.runtime.Frames.R0P0.class));
        assertEquals(24, size(dev.coflow.runtime.Frames.R1P0.class));
        assertEquals(32, size(dev.coflow.runtime.Frames.R1P1.class));
        assertEquals(56, size(dev.coflow.runtime.Frames.R4P2.class));
        assertEquals(48, size(dev.coflow.runtime.Frames.R1P3.class), "a loop's bound, index and total, and a reference");
        assertEquals(80, size(dev.coflow.runtime.Frames.R6P4.class), "the largest fixed shape");
    }
}
