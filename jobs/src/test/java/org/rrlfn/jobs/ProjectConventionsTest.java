package org.rrlfn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The project's shape, checked over the sources and classes of all four modules (jobs' tests run after the others
 * compiled in the reactor; the modules are siblings of this one's folder):
 * <ul>
 * <li>every main class with behaviour has a test named after it ({@code XxxTest}) or is used in the code of a test;
 * <li>tests sit in the package of what they test: every test package is a main package of its module;
 * <li>no two packages depend on each other, directly or through others (jdeps over the compiled classes), and
 *     {@code tools/package-graph.sh}, the command docs/architecture.md shows, says so.
 * </ul>
 * A class has behaviour when any of its methods, constructors or initialisers does more than return a field, assign a
 * parameter to a field or call {@code super(...)}. Exception types are exempt (a message and a cause); records,
 * enums and interfaces without such bodies are exempt by the same rule.
 */
class ProjectConventionsTest {
    static final List<String> MODULES = List.of("common", "model", "data-prep", "jobs");
    private static final Path ROOT = Path.of("..");
    /** The cluster ITs test cluster-conf/'s scripts, which have no Java package to mirror. */
    private static final Set<String> SCRIPT_TEST_PACKAGES = Set.of("org.rrlfn.jobs.cluster");
    /** The command docs/architecture.md shows for the package graph. */
    static final String GRAPH_COMMAND = "tools/package-graph.sh";

    record Source(String module, String pkg, String name, String code, Set<String> imports) {
        String fqcn() { return pkg.isEmpty() ? name : pkg + "." + name; }
    }

    /**
     * Classes with behaviour still waiting for a test of their own, and why. The list only shrinks: a class that
     * gets a test, or is gone, must leave it.
     */
    static final Map<String, String> AWAITING_A_TEST = Map.of();

    @Test
    void everyMainClassWithBehaviourHasATestNamedAfterItOrNamingIt() throws IOException {
        List<Source> tests = sources("test");
        Set<String> untested = new TreeSet<>(), all = new HashSet<>();
        for (Source main : sources("main")) {
            all.add(main.fqcn());
            if (hasBehaviour(main) && !isException(main) && tests.stream().noneMatch(t -> tests(t, main)))
                untested.add(main.fqcn());
        }
        Set<String> missing = new TreeSet<>(untested);
        missing.removeAll(AWAITING_A_TEST.keySet());
        assertEquals(Set.of(), missing, "main classes with behaviour and no test named after them or naming them");
        Set<String> settled = new TreeSet<>(AWAITING_A_TEST.keySet());
        settled.removeAll(untested);
        assertEquals(Set.of(), settled, "tested or gone now: remove them from AWAITING_A_TEST");
        assertTrue(all.containsAll(untested));
    }

    @Test
    void testsSitInTheirMainClassesPackages() throws IOException {
        Map<String, Set<String>> mainPackages = new TreeMap<>();
        for (Source s : sources("main")) mainPackages.computeIfAbsent(s.module(), m -> new TreeSet<>()).add(s.pkg());
        Set<String> misplaced = new TreeSet<>();
        for (Source t : sources("test"))
            if (!mainPackages.getOrDefault(t.module(), Set.of()).contains(t.pkg()) && !SCRIPT_TEST_PACKAGES.contains(t.pkg()))
                misplaced.add(t.module() + ": " + t.fqcn());
        assertEquals(Set.of(), misplaced, "test classes in a package their module's main code does not have");
    }

    @Test
    void noPackageCycle() {
        Map<String, Set<String>> graph = packageGraph();
        assertTrue(graph.containsKey("org.rrlfn.jobs.train") && graph.containsKey("org.rrlfn.data.prepare"),
                "jdeps saw the four modules: " + graph.keySet());
        assertEquals(List.of(), cycles(graph), "packages that depend on each other");
    }

    @Test
    void thePackageGraphCommandInTheReadmeListsTheEdgesAndNoCycle() throws Exception {
        assertTrue(Docs.blocks().stream().anyMatch(b -> b.file().endsWith("docs/architecture.md")
                && b.lines().contains(GRAPH_COMMAND)), "docs/architecture.md shows " + GRAPH_COMMAND);
        Process p = new ProcessBuilder("bash", "-c", GRAPH_COMMAND).directory(ROOT.toFile()).redirectErrorStream(true)
                .start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, p.waitFor(), String.join("\n", lines));
        assertEquals("no cycles", lines.get(lines.size() - 1));
        Set<String> edges = new TreeSet<>();
        packageGraph().forEach((from, tos) -> tos.forEach(to -> edges.add(from + " -> " + to)));
        assertEquals(edges, new TreeSet<>(lines.subList(0, lines.size() - 1)), "the script's edges are jdeps' edges");

        Path dot = Files.createTempFile("packages", ".dot");
        Process d = new ProcessBuilder("bash", "-c", GRAPH_COMMAND + " --dot " + dot).directory(ROOT.toFile())
                .redirectErrorStream(true).start();
        d.getInputStream().readAllBytes();
        assertEquals(0, d.waitFor());
        String graph = Files.readString(dot);
        assertTrue(graph.startsWith("digraph packages {") && graph.contains("\"jobs.train.model\" -> \"jobs.scoring\";"), graph);
        Files.delete(dot);
    }

    // --- the package graph, from jdeps run in this JVM

    /** org.rrlfn package -> the org.rrlfn packages it depends on. */
    static Map<String, Set<String>> packageGraph() {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps in this JDK"));
        List<String> args = new ArrayList<>(List.of("-verbose:package", "-e", "org\\.rrlfn\\..*"));
        for (String m : MODULES) {
            Path classes = ROOT.resolve(m).resolve("target/classes");
            assertTrue(Files.isDirectory(classes), classes + " not compiled");
            args.add(classes.toString());
        }
        StringWriter out = new StringWriter(), err = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
        assertEquals(0, rc, err.toString());
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String line : out.toString().lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[1].equals("->") && f[0].startsWith("org.rrlfn") && f[2].startsWith("org.rrlfn")
                    && !f[0].equals(f[2]))
                graph.computeIfAbsent(f[0], k -> new TreeSet<>()).add(f[2]);
        }
        return graph;
    }

    /** Each set of two or more packages that reach each other, as "a -> b -> ... -> a" over their members. */
    static List<Set<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Set<String>> reach = new TreeMap<>();
        for (String p : graph.keySet()) {
            Set<String> seen = new HashSet<>();
            List<String> todo = new ArrayList<>(graph.get(p));
            while (!todo.isEmpty()) {
                String q = todo.remove(todo.size() - 1);
                if (seen.add(q)) todo.addAll(graph.getOrDefault(q, Set.of()));
            }
            reach.put(p, seen);
        }
        List<Set<String>> cycles = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (String p : reach.keySet()) {
            if (done.contains(p) || !reach.get(p).contains(p)) continue;
            Set<String> scc = new TreeSet<>();
            for (String q : reach.get(p)) if (reach.getOrDefault(q, Set.of()).contains(p)) scc.add(q);
            done.addAll(scc);
            cycles.add(scc);
        }
        return cycles;
    }

    // --- sources

    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.*]+)\\s*;", Pattern.MULTILINE);
    /** A body that only returns a field, assigns parameters to fields, or calls super(...). */
    private static final Pattern TRIVIAL = Pattern.compile(
            "\\s*(?:(?:return\\s+(?:this\\.)?\\w+|this\\.\\w+\\s*=\\s*\\w+|super\\([\\w\\s,]*\\))\\s*;\\s*)*");

    static List<Source> sources(String kind) throws IOException {
        List<Source> out = new ArrayList<>();
        for (String m : MODULES) {
            Path dir = ROOT.resolve(m).resolve("src").resolve(kind).resolve("java");
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                    String name = f.getFileName().toString().replace(".java", "");
                    if (name.equals("package-info") || name.equals("module-info")) continue;
                    String code = stripCommentsAndLiterals(Files.readString(f, StandardCharsets.UTF_8));
                    Matcher pkg = PACKAGE.matcher(code);
                    Set<String> imports = new LinkedHashSet<>();
                    for (Matcher i = IMPORT.matcher(code); i.find(); ) imports.add(i.group(1));
                    out.add(new Source(m, pkg.find() ? pkg.group(1) : "", name, code, imports));
                }
            }
        }
        return out;
    }

    /** A test covers a class when it is named after it, or uses it in code where the name resolves to it. */
    static boolean tests(Source test, Source main) {
        if (test.name().equals(main.name() + "Test")) return true;
        if (!Pattern.compile("\\b" + main.name() + "\\b").matcher(test.code()).find()) return false;
        return test.pkg().equals(main.pkg()) || test.code().contains(main.fqcn())
                || test.imports().stream().anyMatch(i -> i.equals(main.fqcn()) || i.startsWith(main.fqcn() + ".")
                        || i.equals(main.pkg() + ".*"));
    }

    static boolean isException(Source s) {
        try {
            return Throwable.class.isAssignableFrom(Class.forName(s.fqcn(), false, ProjectConventionsTest.class.getClassLoader()));
        } catch (ClassNotFoundException e) {
            throw new AssertionError(s.fqcn() + " is not on the test class path", e);
        }
    }

    /**
     * Whether any body in the type (a method's, a constructor's, a lambda's, an initialiser's) is more than
     * {@link #TRIVIAL}. A '{' after ')' (or after "throws X") opens a method or constructor; after "static", an
     * initialiser; after "->", a lambda; after the type's own name, a record's compact constructor.
     */
    static boolean hasBehaviour(Source s) {
        String c = s.code();
        Set<String> typeNames = new HashSet<>();
        for (Matcher t = Pattern.compile("\\b(?:class|record|enum|interface)\\s+(\\w+)").matcher(c); t.find(); )
            typeNames.add(t.group(1));
        for (int i = 0; i < c.length(); i++) {
            if (c.charAt(i) != '{') continue;
            String before = c.substring(Math.max(0, i - 300), i).stripTrailing();
            boolean body = before.endsWith(")") || before.endsWith("->") || before.matches("(?s).*\\bstatic")
                    || before.matches("(?s).*\\)\\s*throws\\s+[\\w.,\\s]+")
                    || typeNames.stream().anyMatch(n -> before.matches("(?s).*(?:public|private|protected)?\\s+" + n)
                            && !before.matches("(?s).*\\b(?:class|record|enum|interface)\\s+" + n));
            if (!body) continue;
            int end = matchingBrace(c, i);
            if (!TRIVIAL.matcher(c.substring(i + 1, end)).matches()) return true;
            i = end;
        }
        return false;
    }

    private static int matchingBrace(String c, int open) {
        int depth = 0;
        for (int i = open; i < c.length(); i++) {
            if (c.charAt(i) == '{') depth++;
            else if (c.charAt(i) == '}' && --depth == 0) return i;
        }
        throw new IllegalStateException("unbalanced braces");
    }

    /** Comments, strings, text blocks and char literals blanked (line breaks kept), so names in them do not count. */
    static String stripCommentsAndLiterals(String src) {
        StringBuilder b = new StringBuilder(src.length());
        int i = 0, n = src.length();
        while (i < n) {
            char ch = src.charAt(i);
            if (src.startsWith("//", i)) {
                while (i < n && src.charAt(i) != '\n') i++;
            } else if (src.startsWith("/*", i)) {
                int end = src.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                b.append(' ');
            } else if (src.startsWith("\"\"\"", i)) {
                int end = src.indexOf("\"\"\"", i + 3);
                i = end < 0 ? n : end + 3;
                b.append("\"\"");
            } else if (ch == '"' || ch == '\'') {
                int j = i + 1;
                while (j < n && src.charAt(j) != ch) j += src.charAt(j) == '\\' ? 2 : 1;
                i = j + 1;
                b.append(ch).append(ch);
            } else {
                b.append(ch);
                i++;
            }
        }
        return b.toString();
    }
}
