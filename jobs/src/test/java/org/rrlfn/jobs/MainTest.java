package org.rrlfn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.rrlfn.common.config.Command;

/** The command line: help and version exit 0, mistakes exit 2 with one message on stderr. */
class MainTest {
    record Run(int exit, String out, String err) { }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The version in the parent pom.xml. */
    static String projectVersion() throws Exception {
        String pom = Files.readString(Path.of("../pom.xml"));
        Matcher m = Pattern.compile("<artifactId>rrlfn-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertTrue(m.find(), "no version in ../pom.xml");
        return m.group(1);
    }

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        Run r = run("--help");
        assertEquals(0, r.exit(), r.err());
        for (Command c : Main.COMMANDS) {
            assertTrue(r.out().contains(c.name()), "missing " + c.name() + "\n" + r.out());
            assertTrue(r.out().contains(c.description().substring(0, 20)), "missing description of " + c.name() + "\n" + r.out());
        }
        assertTrue(r.out().contains("Exit codes:") && r.out().contains("no Spark executor registered"), r.out());
        assertEquals(r.out(), run().out());
    }

    @Test
    void versionIsTheProjectVersion() throws Exception {
        Run r = run("--version");
        assertEquals(0, r.exit(), r.err());
        assertEquals("rrlfn " + projectVersion(), r.out().strip());
    }

    @Test
    void everyCommandsHelpShowsItsOptionsAndConfigurationKeysWithTheirComments() {
        for (Command c : Main.COMMANDS) {
            for (String help : new String[]{"--help", "-h"}) {
                Run r = run(c.name(), help);
                assertEquals(0, r.exit(), c.name() + " " + help + ": " + r.err());
                assertTrue(r.out().contains("Usage: rrlfn " + c.name()) && r.out().contains("--config FILE"), r.out());
                for (String option : c.options().keySet())
                    assertTrue(r.out().contains("--" + option), c.name() + " help lacks --" + option + "\n" + r.out());
                if (c.sections().isEmpty()) continue;    // config-reference reads no configuration of its own
                Map.Entry<String, ConfigValue> key = firstCommentedKey(c.sections().get(0));
                assertTrue(r.out().contains("  " + key.getKey() + " = "), c.name() + " help lacks " + key.getKey() + "\n" + r.out());
                assertTrue(r.out().contains("# " + key.getValue().origin().comments().get(0).strip()),
                        c.name() + " help lacks the comment of " + key.getKey() + "\n" + r.out());
            }
        }
        assertEquals(run("train", "--help").out(), run("help", "train").out());
    }

    /** The first key of a section, in reference.conf order, that has a comment. */
    private static Map.Entry<String, ConfigValue> firstCommentedKey(String section) {
        ConfigObject o = (ConfigObject) ConfigFactory.defaultReferenceUnresolved().root().get("rrlfn");
        ConfigValue v = o.get(section.substring("rrlfn.".length()));
        return ((ConfigObject) v).entrySet().stream()
                .filter(e -> !(e.getValue() instanceof ConfigObject) && !e.getValue().origin().comments().isEmpty())
                .min(java.util.Comparator.comparingInt(e -> e.getValue().origin().lineNumber()))
                .map(e -> Map.entry(section + "." + e.getKey(), e.getValue())).orElseThrow();
    }

    @Test
    void anUnknownCommandExits2NamingTheNearest() {
        Run r = run("trian", "--data", "x");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("rrlfn: unknown command 'trian'; did you mean 'train'?"), r.err());
        assertEquals(2, run("--verbose").exit());
    }

    @Test
    void aBadOptionExits2NamingTheNearest() {
        Run r = run("summary", "--sclae", "4");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("rrlfn summary: unknown option --sclae; did you mean --scale?"), r.err());
        assertTrue(run("summary", "--scale").err().startsWith("rrlfn summary: --scale needs a value"));
    }

    @Test
    void aUserErrorInsideACommandExits2WithItsMessage() {
        Run r = run("summary", "model.chanels=32");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("rrlfn summary: unknown configuration key 'rrlfn.model.chanels'"), r.err());
        Run p = run("summary", "stray");
        assertEquals(2, p.exit());
        assertTrue(p.err().startsWith("rrlfn summary: summary takes no positional arguments, got [stray]"), p.err());
        Run m = run("metrics", "only-one.png");
        assertEquals(2, m.exit());
        assertTrue(m.err().startsWith("rrlfn metrics: expected two paths, SR then HR"), m.err());
    }

    /**
     * A configuration file whose keys lie outside rrlfn (an include of /etc/passwd, a file meant for another tool) is
     * read, its rrlfn keys used, and a warning names the keys rrlfn ignores.
     */
    @Test
    void keysOutsideRrlfnThatAConfigFileBringsAreNamedInAWarning(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path other = dir.resolve("other.conf"), conf = dir.resolve("mine.conf");
        Files.writeString(other, "daemon = \"x:1:1\"\nspark { master = \"local[1]\" }\n");
        Files.writeString(conf, "include file(\"" + other + "\")\nrrlfn.model.scale = 4\n");
        Run r = run("summary", "--config", conf.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("470,208"), "the rrlfn key is read: " + r.out());
        assertTrue(r.err().contains("--config " + conf) && r.err().contains("outside rrlfn")
                && r.err().contains("daemon") && r.err().contains("spark.master"), r.err());
    }

    @Test
    void aCommandRunsWithOptionsAndPrintsToOut() {
        Run r = run("summary", "--scale", "4");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("470,208"), r.out());
    }
}
