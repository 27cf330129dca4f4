package org.rrlfn.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The project's documentation as its tests read it: README.md and every docs/*.md, their fenced code blocks, and the
 * commands those blocks show, one per line (continuation lines joined, comments cut), split into words as bash would
 * split them.
 */
public final class Docs {
    /** The repository root (tests run in their module's folder). */
    public static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();

    /**
     * One fenced block.
     *
     * @param line the line number of its opening fence
     * @param lang what follows the opening fence ("bash", "hocon", "" ...)
     */
    public record Block(Path file, int line, String lang, List<String> lines) {
        /** A block of commands to paste into a shell. */
        boolean isShell() {
            return lang.equals("bash") || lang.equals("sh");
        }

        /** Its commands, one a line: continuation lines joined, comments and blank lines left out. */
        public List<String> commands() {
            List<String> commands = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String l : lines) {
                String t = l.strip();
                if (t.endsWith("\\")) {
                    current.append(t, 0, t.length() - 1).append(' ');
                    continue;
                }
                current.append(t);
                String command = uncommented(current.toString()).strip();
                if (!command.isEmpty()) commands.add(command);
                current.setLength(0);
            }
            return commands;
        }

        String where() {
            return ROOT.relativize(file) + ":" + line;
        }
    }

    private Docs() { }

    /** README.md and docs/*.md, in that order. */
    public static List<Path> files() {
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    public static String text(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every fenced block of every documentation file. */
    public static List<Block> blocks() {
        List<Block> blocks = new ArrayList<>();
        for (Path f : files()) blocks.addAll(blocks(f));
        return blocks;
    }

    static List<Block> blocks(Path file) {
        List<Block> blocks = new ArrayList<>();
        List<String> lines = text(file).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith("```")) continue;
            int open = i;
            List<String> body = new ArrayList<>();
            for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) body.add(lines.get(i));
            blocks.add(new Block(file, open + 1, lines.get(open).substring(3).strip(), body));
        }
        return blocks;
    }

    /**
     * The commands of the one shell block in {@code file} (relative to the root) that shows a command starting with
     * {@code prefix}: what a test that runs the documented commands verbatim runs.
     */
    public static List<String> blockWith(String file, String prefix) {
        List<Block> found = blocks(ROOT.resolve(file)).stream()
                .filter(b -> b.isShell() && b.commands().stream().anyMatch(c -> c.startsWith(prefix))).toList();
        if (found.size() != 1)
            throw new AssertionError(file + " shows " + found.size() + " shell blocks with a command starting with '"
                    + prefix + "', expected one");
        return found.get(0).commands();
    }

    /** A line up to an unquoted {@code #} that starts a word. */
    static String uncommented(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /** A command line's words as bash splits them (quotes removed; {@code $PWD} is the repository root). */
    public static List<String> words(String line) {
        String s = uncommented(line).replace("$PWD", ROOT.toString());
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                else w.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) words.add(w.toString());
                w.setLength(0);
                inWord = false;
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (inWord) words.add(w.toString());
        return words;
    }
}
