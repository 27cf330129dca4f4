package org.rrlfn.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigurationReferenceTest {
    @TempDir Path dir;

    @Test
    void eachSectionIsATableOfItsKeysInFileOrderWithDefaultAndComment() {
        String conf = """
                # The second section.
                rrlfn.zeta {
                  # Two lines of
                  # comment.
                  b = 2
                  # A list | with a bar.
                  a = [1, 2]
                  # Nested.
                  inner { x = "s" }
                  # free-form: any keys.
                  free { k = 1 }
                }
                # The first.
                rrlfn.alpha { n = true }
                """;
        String md = ConfigurationReference.markdown(ConfigFactory.parseString(conf).root());
        assertEquals("""
                ### `rrlfn.alpha`

                The first.

                | key | default | what it is |
                |---|---|---|
                | `rrlfn.alpha.n` | `true` |  |

                ### `rrlfn.zeta`

                The second section.

                | key | default | what it is |
                |---|---|---|
                | `rrlfn.zeta.b` | `2` | Two lines of comment. |
                | `rrlfn.zeta.a` | `[1,2]` | A list \\| with a bar. |
                | `rrlfn.zeta.inner.x` | `s` |  |
                | `rrlfn.zeta.free` | `{k=1}` | free-form: any keys. |

                """, md);
    }

    @Test
    void aFileIsRewrittenBelowItsMarkerOnlyAndAFileWithoutOneIsRefused() throws Exception {
        Path doc = dir.resolve("configuration.md");
        Files.writeString(doc, "# Prose kept\n\n" + ConfigurationReference.MARKER + "\n\nstale tables\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConfigurationReference.COMMAND.run(List.of(doc.toString()), new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = Files.readString(doc);
        assertTrue(text.startsWith("# Prose kept\n\n" + ConfigurationReference.MARKER + "\n\n### `rrlfn."), text);
        assertTrue(!text.contains("stale tables") && text.contains("| `rrlfn.spark.master` | `\"local[2]\"` |"), text);

        Path other = dir.resolve("other.md");
        Files.writeString(other, "no marker\n");
        org.rrlfn.common.UserError e = org.junit.jupiter.api.Assertions.assertThrows(org.rrlfn.common.UserError.class,
                () -> ConfigurationReference.COMMAND.run(List.of(other.toString()), new PrintStream(out)));
        assertTrue(e.getMessage().startsWith(other + ": has no line <!-- Generated"), e.getMessage());
        assertEquals("no marker\n", Files.readString(other));
    }
}
