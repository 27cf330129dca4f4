package org.rrlfn.common.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.common.UserError;

/** Which folders a command may write into, and what it may delete there. */
class OutputFolderTest {
    private static final FileOptions ADOPT = new FileOptions(true, true, Duration.ofSeconds(120));
    @TempDir File dir;

    private OutputFolder claim(File f, String command, FileOptions o) throws IOException {
        return OutputFolder.claim(f.getPath(), command, "rrlfn.test.output", Set.of("manifest.json"), o, new Configuration());
    }

    @Test
    void aNewOrEmptyFolderIsClaimedAndMarked() throws IOException {
        File fresh = new File(dir, "a/b");
        try (OutputFolder f = claim(fresh, "prepare", FileOptions.DEFAULT)) {
            assertTrue(new File(fresh, OutputFolder.MARKER).isFile());
            assertTrue(new File(fresh, FolderLock.NAME).isFile(), "locked while open");
        }
        assertFalse(new File(fresh, FolderLock.NAME).exists(), "lock released on close");
        try (OutputFolder again = claim(fresh, "prepare", FileOptions.DEFAULT)) {
            assertFalse(again.isForeign("x2"));
        }
    }

    @Test
    void aStrangersNonEmptyFolderIsRefusedAndLeftAsItWas() throws IOException {
        File out = new File(dir, "out");
        Files.createDirectories(new File(out, "x2").toPath());
        Files.writeString(new File(out, "x2/notes.txt").toPath(), "mine");
        UserError e = assertThrows(UserError.class, () -> claim(out, "prepare", FileOptions.DEFAULT));
        assertTrue(e.getMessage().contains("is not empty (x2)") && e.getMessage().contains("adopt-non-empty"), e.getMessage());
        assertEquals(Set.of("x2"), Set.of(out.list()), "nothing written: no marker, no lock");
    }

    @Test
    void adoptingRecordsWhatWasThereAsForeign() throws IOException {
        File out = new File(dir, "out");
        Files.createDirectories(new File(out, "x2").toPath());
        try (OutputFolder f = claim(out, "prepare", ADOPT)) {
            assertTrue(f.isForeign("x2"));
            assertFalse(f.isForeign("x4"));
        }
        try (OutputFolder f = claim(out, "prepare", FileOptions.DEFAULT)) {
            assertTrue(f.isForeign("x2"), "remembered in the marker");
        }
    }

    @Test
    void anotherCommandsFolderIsRefused() throws IOException {
        File run = new File(dir, "run");
        claim(run, "train", FileOptions.DEFAULT).close();
        UserError e = assertThrows(UserError.class, () -> claim(run, "prepare", ADOPT));
        assertTrue(e.getMessage().contains("made by rrlfn train"), e.getMessage());
    }

    @Test
    void aFolderOfAnEarlierRrlfnIsRecognisedByItsFiles() throws IOException {
        File out = new File(dir, "old");
        Files.createDirectories(out.toPath());
        Files.writeString(new File(out, "manifest.json").toPath(), "{}");
        try (OutputFolder f = claim(out, "prepare", FileOptions.DEFAULT)) {
            assertFalse(f.isForeign("manifest.json"));
        }
    }

    @Test
    void staleTemporariesOfAKilledRunAreRemovedButNotForeignOnes() throws IOException {
        File out = new File(dir, "out");
        Files.createDirectories(new File(out, ".tmp-keep").toPath());
        try (OutputFolder f = claim(out, "prepare", ADOPT)) {
            Files.createDirectories(new File(out, ".tmp-a/inner").toPath());
            Files.createDirectories(new File(out, "sub/.tmp-b").toPath());
            f.removeStale(Pattern.compile("\\.tmp-.*"));
        }
        assertTrue(new File(out, ".tmp-keep").isDirectory(), "was there before the folder was adopted");
        assertFalse(new File(out, ".tmp-a").exists());
        assertFalse(new File(out, "sub/.tmp-b").exists());
        assertTrue(new File(out, "sub").isDirectory());
    }
}
