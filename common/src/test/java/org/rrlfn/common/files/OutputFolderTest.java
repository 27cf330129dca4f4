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

    private static final Pattern TEMPORARY = Pattern.compile("\\.tmp-.*");

    private OutputFolder claim(File f, String command, FileOptions o) throws IOException {
        return OutputFolder.claim(f.getPath(), "rrlfn.test.output",
                new OutputFolder.Kind(command, Pattern.compile("manifest\\.json|x\\d+"), TEMPORARY), o, new Configuration());
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
        Files.createDirectories(new File(out, "notes").toPath());
        try (OutputFolder f = claim(out, "prepare", ADOPT)) {
            assertTrue(f.isForeign("notes"));
            assertFalse(f.isForeign("x4"));
        }
        try (OutputFolder f = claim(out, "prepare", FileOptions.DEFAULT)) {
            assertTrue(f.isForeign("notes"), "remembered in the marker");
        }
    }

    @Test
    void anAdoptedEntryWithANameTheCommandWritesIsRefusedAndKept() throws IOException {
        File out = new File(dir, "out");
        Files.createDirectories(out.toPath());
        Files.writeString(new File(out, "manifest.json").toPath(), "mine");
        UserError e = assertThrows(UserError.class, () -> claim(out, "prepare", ADOPT));
        assertTrue(e.getMessage().contains("manifest.json") && e.getMessage().contains("before"), e.getMessage());
        assertEquals("mine", Files.readString(new File(out, "manifest.json").toPath()));
        assertEquals(Set.of("manifest.json"), Set.of(out.list()), "nothing written: no marker, no lock");
    }

    @Test
    void aLinkInsideTheFolderIsRefusedAndNothingIsWrittenThroughIt() throws IOException {
        File out = new File(dir, "out"), elsewhere = new File(dir, "elsewhere");
        claim(out, "prepare", FileOptions.DEFAULT).close();
        Files.createDirectories(new File(out, "x2").toPath());
        Files.createDirectories(new File(elsewhere, ".tmp-x").toPath());
        Files.createSymbolicLink(new File(out, "x2/train").toPath(), elsewhere.toPath());
        UserError e = assertThrows(UserError.class, () -> claim(out, "prepare", FileOptions.DEFAULT));
        assertTrue(e.getMessage().contains("symbolic link") && e.getMessage().contains("x2/train"), e.getMessage());
        assertTrue(new File(elsewhere, ".tmp-x").isDirectory(), "the temporary-looking folder behind the link is kept");
        assertFalse(new File(out, FolderLock.NAME).exists(), "the lock is released");
    }

    @Test
    void anotherCommandsFolderIsRefused() throws IOException {
        File run = new File(dir, "run");
        claim(run, "train", FileOptions.DEFAULT).close();
        UserError e = assertThrows(UserError.class, () -> claim(run, "prepare", ADOPT));
        assertTrue(e.getMessage().contains("made by rrlfn train"), e.getMessage());
    }

    @Test
    void aUsersFileWithANameRrlfnWritesDoesNotMakeTheFolderRrlfns() throws IOException {
        File out = new File(dir, "old");
        Files.createDirectories(new File(out, "models").toPath());
        Files.writeString(new File(out, "manifest.json").toPath(), "{}");
        UserError e = assertThrows(UserError.class, () -> claim(out, "prepare", FileOptions.DEFAULT));
        assertTrue(e.getMessage().contains("is not empty"), e.getMessage());
        assertEquals(Set.of("manifest.json", "models"), Set.of(out.list()), "nothing written: no marker, no lock");
    }

    @Test
    void staleTemporariesOfAKilledRunAreRemovedButNotForeignOnes() throws IOException {
        File out = new File(dir, "out");
        Files.createDirectories(new File(out, ".tmp-keep").toPath());
        claim(out, "prepare", ADOPT).close();
        Files.createDirectories(new File(out, ".tmp-a/inner").toPath());
        Files.createDirectories(new File(out, "sub/.tmp-b").toPath());
        claim(out, "prepare", FileOptions.DEFAULT).close();
        assertTrue(new File(out, ".tmp-keep").isDirectory(), "was there before the folder was adopted");
        assertFalse(new File(out, ".tmp-a").exists());
        assertFalse(new File(out, "sub/.tmp-b").exists());
        assertTrue(new File(out, "sub").isDirectory());
    }
}
