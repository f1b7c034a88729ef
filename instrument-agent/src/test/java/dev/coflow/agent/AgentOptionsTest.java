package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {

    @Test
    void parse_emptyGivesDefaults() {
        AgentOptions o = AgentOptions.parse(null);
        assertFalse(o.verify());
        assertFalse(o.trace());
        assertFalse(o.strict());
        assertNull(o.dump());
        assertEquals(List.of(), o.excludes());
        assertEquals(o, AgentOptions.parse(""));
    }

    @Test
    void parse_everyKey() {
        AgentOptions o = AgentOptions.parse("verify=true,trace=true,dump=target/d,exclude=com.acme.gen.;org.x.Y,strict=true,stats=target/s.tsv");
        assertEquals(Path.of("target/s.tsv"), o.stats());
        assertNull(AgentOptions.parse(null).stats());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("stats="))
                .getMessage().contains("stats needs a file.\nExample: -javaagent:instrument-agent.jar=stats=coflow-stats.tsv\n"));
        assertTrue(o.strict());
        assertTrue(o.verify());
        assertTrue(o.trace());
        assertEquals(Path.of("target/d"), o.dump());
        assertEquals(List.of("com/acme/gen/", "org/x/Y"), o.excludes());
    }

    @Test
    void parse_suspendableAndEntryPoints() {
        AgentOptions o = AgentOptions.parse("suspendable=com.acme.parser.**;org.x.Visitor,entryPoints=true");
        assertTrue(o.entryPoints());
        assertEquals("com.acme.parser.**;org.x.Visitor", o.suspendable().toString());
        assertTrue(o.suspendable().test("com/acme/parser/ast/Node"));
        assertTrue(o.suspendable().test("org/x/Visitor$Default"));
        assertFalse(o.suspendable().test("org/x/Other"));
        AgentOptions defaults = AgentOptions.parse(null);
        assertTrue(defaults.suspendable().isEmpty());
        assertFalse(defaults.entryPoints());
    }

    @Test
    void parse_rejectsBadSuspendablePatternsListingEveryValidKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("suspendable=com.*.x"));
        assertTrue(e.getMessage().contains("suspendable pattern 'com.*.x'"), e.getMessage());
        assertTrue(e.getMessage().contains("\n  suspendable (default"), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("suspendable=;"))
                .getMessage().contains("suspendable needs at least one pattern"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("entryPoints=1"))
                .getMessage().contains("entryPoints must be true or false"));
    }

    @Test
    void parse_rejectsUnknownKeyListingEveryValidKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("verfy=true"));
        assertTrue(e.getMessage().contains("unknown option 'verfy' (did you mean 'verify'?).\nExample: -javaagent:instrument-agent.jar=verify=true\n"),
                e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("bogus=1")).getMessage()
                .startsWith("[coflow] bad agent options: unknown option 'bogus'.\nExample: -javaagent:instrument-agent.jar=verify=true,trace=true\n"));
        for (String key : List.of("verify", "dump", "trace", "exclude", "strict", "suspendable", "stats", "entryPoints")) {
            assertTrue(e.getMessage().contains("\n  " + key + " (default"), e.getMessage());
        }
    }

    @Test
    void parse_rejectsBadBooleanAndMissingValue() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("verify=yes"))
                .getMessage().contains("verify must be true or false, not 'yes'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("trace"))
                .getMessage().contains("option 'trace' has no value.\nExample: -javaagent:instrument-agent.jar=trace=true\n"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("nonsense"))
                .getMessage().contains("option 'nonsense' is not key=value"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("dump="))
                .getMessage().contains("dump needs a directory"));
    }
}
