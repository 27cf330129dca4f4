package org.rrlfn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Profiles;
import org.rrlfn.common.config.Settings;

/**
 * Every command README.md and docs/ show names commands, options, configuration keys, profiles and repository files
 * that exist: each {@code bin/rrlfn}, {@code cluster-conf/submit.sh} and {@code spark-submit} line is parsed and its
 * settings loaded exactly as {@link Main} does before it would run (nothing runs), script subcommands are looked up in
 * their scripts, and every repository path a command names must be there. Console blocks ({@code $ command} followed
 * by what it prints: the documented refusals) are run in this JVM and must print exactly what is shown. The tests
 * that run documented commands verbatim (the cluster ITs, {@code MainIT}, {@code ProjectConventionsTest}) read them
 * from the same files through {@link Docs#blockWith}.
 */
class DocCommandsTest {
    /** Top-level repository folders whose files commands name (a word starting so must exist, build output aside). */
    private static final Pattern REPO_PATH = Pattern.compile("(bin|cluster-conf|tools|data-prep|jobs|model|common|docs|\\.ci)/\\S*");

    @Test
    void everyDocumentedCommandNamesWhatExists() {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Docs.Block b : Docs.blocks()) {
            if (!b.isShell()) continue;
            for (String command : b.commands()) {
                checked++;
                for (String p : problems(Docs.words(command))) problems.add(b.where() + ": `" + command + "`: " + p);
            }
        }
        assertTrue(checked > 30, "read only " + checked + " documented commands");
        assertEquals(List.of(), problems, "documented commands that name something that does not exist");
    }

    @Test
    void theCheckCatchesAWrongCommandOptionKeyProfileFileAndScriptSubcommand() {
        assertEquals(List.of(), problems(Docs.words("bin/rrlfn train --profile demo train.workers=2")));
        assertProblem("bin/rrlfn trian", "unknown command 'trian'");
        assertProblem("bin/rrlfn train --wokers 2", "unknown option --wokers");
        assertProblem("bin/rrlfn train model.chanels=32", "unknown configuration key 'rrlfn.model.chanels'");
        assertProblem("bin/rrlfn train --profile dmeo", "rrlfn.train.profile must be full, demo or finetune, got 'dmeo'");
        assertProblem("bin/rrlfn sweep --config cluster-conf/no-such.conf", "no such file");
        assertProblem("cluster-conf/submit.sh yarn train --config cluster-conf/yarn.conf trian.workers=2",
                "unknown configuration key 'rrlfn.trian'");
        assertProblem("cluster-conf/standalone.sh restart", "no subcommand 'restart'");
        assertProblem("tools/pytorch_rrlfn.py bench", "no subcommand 'bench'");
        assertProblem("tools/no-such-tool.sh", "tools/no-such-tool.sh does not exist");
    }

    private static void assertProblem(String command, String expected) {
        List<String> problems = problems(Docs.words(command));
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), command + " -> " + problems);
    }

    /** What is wrong with one documented command, as words. */
    static List<String> problems(List<String> words) {
        List<String> problems = new ArrayList<>();
        int i = 0;
        while (i < words.size() && words.get(i).matches("[A-Z_][A-Z0-9_]*=.*")) i++;    // FOO=bar before the command
        List<String> w = words.subList(i, words.size());
        if (w.isEmpty() || w.get(0).equals("export")) return problems;
        for (String word : w) {
            Matcher m = REPO_PATH.matcher(word);
            if (m.matches() && !word.contains("/target/") && !word.contains("*") && !Files.exists(Docs.ROOT.resolve(word)))
                problems.add(word + " does not exist");
        }
        Path program = Docs.ROOT.resolve(w.get(0));
        if (REPO_PATH.matcher(w.get(0)).matches() && Files.isRegularFile(program) && !Files.isExecutable(program))
            problems.add(w.get(0) + " is not executable");
        switch (w.get(0)) {
            case "bin/rrlfn" -> rrlfn(w.subList(1, w.size()), Set.of(), problems);
            case "cluster-conf/submit.sh" -> rrlfn(w.subList(Math.min(2, w.size()), w.size()), Set.of(), problems);
            case "spark-submit" -> sparkSubmit(w, problems);
            case "cluster-conf/standalone.sh" -> scriptSubcommand(w, "cluster-conf/standalone.sh",
                    Pattern.compile("^\\s*([a-z-]+)\\)", Pattern.MULTILINE), 1, problems);
            case "tools/pytorch_rrlfn.py" -> scriptSubcommand(w, "tools/pytorch_rrlfn.py",
                    Pattern.compile("add_parser\\('([a-z-]+)'"), 1, problems);
            default -> { }
        }
        return problems;
    }

    /** {@code spark-submit [options] --class org.rrlfn.jobs.Main JAR args}: the args as rrlfn's, --files given. */
    private static void sparkSubmit(List<String> w, List<String> problems) {
        Set<String> shipped = new TreeSet<>();
        for (int i = 1; i < w.size() - 1; i++) {
            String option = w.get(i), value = w.get(i + 1);
            if (option.equals("--files")) for (String f : value.split(",")) shipped.add(f);
            if ((option.equals("--files") || option.equals("--properties-file")))
                for (String f : value.split(",")) if (!Files.exists(Docs.ROOT.resolve(f))) problems.add(f + " does not exist");
            if (option.equals("--class")) {
                if (!value.equals(Main.class.getName())) problems.add("--class " + value + " is not " + Main.class.getName());
                rrlfn(w.subList(Math.min(i + 3, w.size()), w.size()), shipped, problems);
                return;
            }
        }
        problems.add("no --class " + Main.class.getName());
    }

    /**
     * rrlfn's arguments, checked by {@link Main#check} with configuration files read from the repository root (or,
     * under spark-submit, from the {@code --files} that ship them into the driver's folder).
     */
    private static void rrlfn(List<String> args, Set<String> shipped, List<String> problems) {
        List<String> a = new ArrayList<>(args);
        for (int i = 0; i < a.size() - 1; i++) {
            if (!a.get(i).equals("--config")) continue;
            String file = a.get(i + 1);
            String local = shipped.stream().filter(f -> f.endsWith("/" + file) || f.equals(file)).findFirst().orElse(file);
            a.set(i + 1, Docs.ROOT.resolve(local).toString());
        }
        try {
            Settings.Loaded loaded = Main.check(a.toArray(String[]::new));
            if (loaded == null) return;
            Config c = loaded.config();
            String profile = "rrlfn.train.profile";
            if (c.hasPath(profile)) Profiles.apply(loaded, c.getString(profile), profile);
        } catch (UserError e) {
            problems.add(e.getMessage());
        }
    }

    /** A script's subcommand ({@code w.get(at)}) must be one its source declares. */
    private static void scriptSubcommand(List<String> w, String script, Pattern declared, int at, List<String> problems) {
        if (w.size() <= at) return;
        Set<String> subcommands = new TreeSet<>();
        Matcher m = declared.matcher(Docs.text(Docs.ROOT.resolve(script)));
        while (m.find()) subcommands.add(m.group(1));
        if (!subcommands.contains(w.get(at)))
            problems.add(script + " has no subcommand '" + w.get(at) + "' (it has " + subcommands + ")");
    }

    @Test
    void consoleBlocksPrintWhatTheyShow() {
        int shown = 0;
        for (Docs.Block b : Docs.blocks()) {
            if (b.isShell() || b.lines().isEmpty() || !b.lines().get(0).startsWith("$ ")) continue;
            for (int i = 0; i < b.lines().size(); ) {
                String command = b.lines().get(i).substring(2);
                List<String> expected = new ArrayList<>();
                for (i++; i < b.lines().size() && !b.lines().get(i).startsWith("$ "); i++) expected.add(b.lines().get(i));
                List<String> words = Docs.words(command);
                assertEquals("bin/rrlfn", words.get(0), b.where() + ": a console block shows rrlfn commands");
                ByteArrayOutputStream printed = new ByteArrayOutputStream();
                PrintStream ps = new PrintStream(printed, true, StandardCharsets.UTF_8);
                Main.run(words.subList(1, words.size()).toArray(String[]::new), ps, ps);
                assertEquals(String.join("\n", expected), printed.toString(StandardCharsets.UTF_8).strip(),
                        b.where() + ": `" + command + "` prints what the documentation shows");
                shown++;
            }
        }
        assertTrue(shown >= 2, "console examples run: " + shown);
    }
}
