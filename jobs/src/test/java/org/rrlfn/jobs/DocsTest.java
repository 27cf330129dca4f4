package org.rrlfn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.rrlfn.common.config.ConfigurationReference;

/**
 * README.md is a front door and docs/ holds the rest: the README stays short and links every docs file, every link
 * between them resolves (file and heading anchor, as GitHub renders them), the user-facing text carries no work-log
 * phrasing, and docs/configuration.md's key reference is exactly what reference.conf says.
 */
class DocsTest {
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    /** Words of a work log, not of a manual: issue numbers, sittings, evenings. */
    private static final Pattern WORK_LOG = Pattern.compile(
            "(?i)\\bissues? \\d+|\\bissue's\\b|this sitting|the same evening|later the same|this session|README until now");

    @Test
    void theReadmeIsAFrontDoorThatLinksEveryDocsFile() throws Exception {
        String readme = Docs.text(Docs.ROOT.resolve("README.md"));
        long lines = readme.lines().count();
        assertTrue(lines <= 250, "README.md has " + lines + " lines; evidence and history belong in docs/");
        Set<String> linked = new TreeSet<>();
        Matcher m = LINK.matcher(readme);
        while (m.find()) linked.add(m.group(1).replaceAll("#.*", ""));
        Set<String> unlinked = new TreeSet<>();
        for (Path f : Docs.files().subList(1, Docs.files().size()))
            if (!linked.contains("docs/" + f.getFileName())) unlinked.add(f.getFileName().toString());
        unlinked.remove("scaling-table.md");     // generated; scaling.md links it
        assertEquals(Set.of(), unlinked, "docs files the README does not link");
    }

    @Test
    void everyLinkResolvesToAFileAndHeading() {
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path f : Docs.files()) {
            Matcher m = LINK.matcher(withoutCode(Docs.text(f)));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("[a-z]+:.*")) continue;     // https:, mailto:
                links++;
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                Path to = file.isEmpty() ? f : f.getParent().resolve(URLDecoder.decode(file, StandardCharsets.UTF_8)).normalize();
                String where = Docs.ROOT.relativize(f) + ": (" + target + ")";
                if (!Files.exists(to)) broken.add(where + ": no file " + to);
                else if (anchor != null && !anchors(to).contains(anchor)) broken.add(where + ": no heading #" + anchor + " in " + to.getFileName());
            }
        }
        assertTrue(links > 20, "links read: " + links);
        assertEquals(List.of(), broken, "broken links");
    }

    @Test
    void anchorsAreGitHubsHeadingSlugs() {
        assertEquals("training-on-spark-what-a-round-costs-benchmark-train",
                slug("Training on Spark: what a round costs, `benchmark-train`"));
        assertEquals("how-a-round-runs-rrlfntrainaveraging", slug("How a round runs (`rrlfn.train.averaging`)"));
        assertEquals("results-on-2-and-4-ψ", slug("Results on ×2 and ×4, ψ"));
    }

    @Test
    void userFacingTextCarriesNoWorkLogPhrasing() {
        List<String> found = new ArrayList<>();
        for (Path f : Docs.files()) {
            List<String> lines = Docs.text(f).lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = WORK_LOG.matcher(lines.get(i));
                if (m.find()) found.add(Docs.ROOT.relativize(f) + ":" + (i + 1) + ": \"" + m.group() + "\"");
            }
        }
        assertEquals(List.of(), found, "say what is, with its date and machine, not when or in which issue it was done");
    }

    @Test
    void theConfigurationReferenceIsWhatReferenceConfSays() {
        String doc = Docs.text(Docs.ROOT.resolve("docs/configuration.md"));
        int at = doc.indexOf(ConfigurationReference.MARKER);
        assertTrue(at >= 0, "docs/configuration.md has the line " + ConfigurationReference.MARKER);
        String generated = ConfigurationReference.markdown(ConfigFactory.defaultReferenceUnresolved().root());
        assertEquals(generated.strip(), doc.substring(at + ConfigurationReference.MARKER.length()).strip(),
                "docs/configuration.md's key reference differs from reference.conf: run"
                        + " bin/rrlfn config-reference docs/configuration.md");
    }

    /** The anchors GitHub gives a file's headings. */
    private static Set<String> anchors(Path file) {
        Set<String> anchors = new TreeSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : withoutCode(Docs.text(file)).lines().toList()) {
            if (!line.startsWith("#")) continue;
            String s = slug(line.replaceFirst("^#+\\s*", ""));
            int n = seen.merge(s, 1, Integer::sum);
            anchors.add(n == 1 ? s : s + "-" + (n - 1));
        }
        return anchors;
    }

    /** GitHub's heading slug: lower case, punctuation dropped (letters, digits, '-', '_' and spaces kept), spaces to '-'. */
    static String slug(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    /** The text with fenced blocks blanked (a '#' comment line in a block is no heading, a link there no link). */
    private static String withoutCode(String text) {
        StringBuilder out = new StringBuilder();
        boolean code = false;
        for (String line : text.lines().toList()) {
            if (line.startsWith("```")) code = !code;
            out.append(code || line.startsWith("```") ? "" : line).append('\n');
        }
        return out.toString();
    }
}
