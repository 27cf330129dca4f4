package org.rrlfn.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rrlfn.common.UserError;
import picocli.CommandLine;

/** A command's picocli command line, built from its declaration, feeds Settings in command-line order. */
class CommandLinesTest {
    private static final Command SPARK = new Command("demo", "a demo command",
            Map.of("master", "rrlfn.spark.master", "wait", "rrlfn.spark.executor-wait-seconds",
                    "adopt", "rrlfn.files.adopt-non-empty=true"),
            List.of("rrlfn.spark", "rrlfn.files"), "IN", (loaded, out) -> { });

    private static Settings.Loaded parse(String... args) {
        return CommandLines.parse(SPARK, List.of(args));
    }

    @Test
    void optionsKeyValuesAndWordsArriveInOrderLaterWins() {
        Settings.Loaded l = parse("--master", "local[1]", "spark.master=local[3]", "in.png", "rrlfn.spark.executor-wait-seconds=7",
                "--wait", "9");
        assertEquals("local[3]", l.config().getString("rrlfn.spark.master"));
        assertEquals(9, l.config().getInt("rrlfn.spark.executor-wait-seconds"));
        assertEquals(List.of("in.png"), l.positional());
        assertEquals("local[1]", parse("spark.master=local[3]", "--master", "local[1]").config().getString("rrlfn.spark.master"));
    }

    @Test
    void aShortcutToKeyEqualsValueIsAFlag() {
        assertTrue(parse("--adopt", "in.png").config().getBoolean("rrlfn.files.adopt-non-empty"));
        assertEquals(List.of("in.png"), parse("--adopt", "in.png").positional());
    }

    @Test
    void mistakesAreUserErrorsNamingTheNearestOption() {
        String m = assertThrows(UserError.class, () -> parse("--mastr", "x")).getMessage();
        assertTrue(m.contains("unknown option --mastr") && m.contains("did you mean --master?"), m);
        assertTrue(assertThrows(UserError.class, () -> parse("--wait")).getMessage().contains("--wait needs a value"));
        String k = assertThrows(UserError.class, () -> parse("spark.mastr=x")).getMessage();
        assertTrue(k.contains("did you mean 'rrlfn.spark.master'"), k);
    }

    @Test
    void helpShowsOptionsAndEveryKeyOfItsSectionsWithDefaultAndComment() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new CommandLine(CommandLines.spec(SPARK, new Settings.Request()))
                .usage(new PrintWriter(new PrintStream(bytes, true, StandardCharsets.UTF_8), true));
        String help = bytes.toString(StandardCharsets.UTF_8);
        for (String s : List.of("a demo command", "--config FILE", "--master MASTER", "--adopt", "key=value | IN",
                "rrlfn.spark.master = ", "rrlfn.files.adopt-non-empty = false", "rrlfn.spark.executor-wait-seconds = 120"))
            assertTrue(help.contains(s), "missing '" + s + "' in\n" + help);
        assertTrue(help.contains("# " + Settings.defaults().getValue("rrlfn.spark.master").origin().comments().get(0).strip()),
                help);
    }
}
