package org.rrlfn.common.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every entry of an input folder is listed once, as a file, a skipped entry or an unreadable one, with its reason. */
class InputListingTest {
    @TempDir File dir;

    private File file(String name) throws IOException {
        File f = new File(dir, name);
        Files.createDirectories(f.getParentFile().toPath());
        Files.writeString(f.toPath(), name);
        return f;
    }

    private InputListing.Result list(boolean follow, Path... excluded) throws IOException {
        return InputListing.list(new File(dir, "in").toURI().toString(), "rrlfn.test.input",
                new FileOptions(follow, false, Duration.ofSeconds(120)), List.of(excluded), new Configuration());
    }

    private static List<String> names(InputListing.Result r) {
        return r.files().stream().map(f -> new Path(f.path()).getName()).toList();
    }

    @Test
    void aSymlinkLoopAndASecondPathToAFileAreListedOnceWithTheReason() throws IOException {
        file("in/a.png");
        file("in/sub/b.png");
        Files.createSymbolicLink(new File(dir, "in/sub/loop").toPath(), new File(dir, "in").toPath());
        Files.createSymbolicLink(new File(dir, "in/alias.png").toPath(), new File(dir, "in/a.png").toPath());
        InputListing.Result r = list(true);
        assertEquals(List.of("a.png", "b.png"), names(r).stream().sorted().toList());
        assertEquals(2, r.skipped().size(), r.skipped().toString());
        assertTrue(r.skipped().stream().anyMatch(l -> l.path().endsWith("/in/sub/loop")
                && l.reason().contains("the same folder as")), r.skipped().toString());
        assertTrue(r.skipped().stream().anyMatch(l -> l.reason().contains("the same file as")), r.skipped().toString());
    }

    @Test
    void symlinksCanBeLeftAloneAltogether() throws IOException {
        file("in/a.png");
        File outside = file("elsewhere/c.png");
        Files.createSymbolicLink(new File(dir, "in/c.png").toPath(), outside.toPath());
        InputListing.Result r = list(false);
        assertEquals(List.of("a.png"), names(r));
        assertTrue(r.skipped().get(0).reason().contains("follow-symlinks = never"), r.skipped().toString());
    }

    @Test
    void outputFoldersInsideTheInputAreNotInput() throws IOException {
        file("in/a.png");
        file("in/out/x2/val/HR/a.png");
        file("in/old-run/stages/s.png");
        file("in/old-run/" + OutputFolder.MARKER);
        InputListing.Result r = list(true, new Path(new File(dir, "in/out").toURI()));
        assertEquals(List.of("a.png"), names(r));
    }

    @Test
    void aFifoOrOtherNonRegularFileIsSkippedWithoutOpeningIt() throws Exception {
        file("in/a.png");
        File fifo = new File(dir, "in/pipe.png");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.getPath()).inheritIO().start().waitFor());
        File linkToFifo = new File(dir, "in/link.png");
        Files.createSymbolicLink(linkToFifo.toPath(), fifo.toPath());
        InputListing.Result r = list(true);
        assertEquals(List.of("a.png"), names(r), "only the regular file is read");
        assertEquals(2, r.skipped().size(), r.skipped().toString());
        assertTrue(r.skipped().stream().allMatch(l -> l.reason().contains("not a regular file")), r.skipped().toString());
    }

    @Test
    void hiddenNamesAreSkippedWithTheReasonNotSilently() throws IOException {
        file("in/..\\x.png");
        file("in/.cache/y.png");
        file("in/z.png");
        file("in/_SUCCESS");     // Hadoop's metadata convention: not input, not worth a line
        InputListing.Result r = list(true);
        assertEquals(List.of("z.png"), names(r));
        assertEquals(2, r.skipped().size());
        assertTrue(r.skipped().stream().allMatch(l -> l.reason().startsWith("hidden name")), r.skipped().toString());
    }

    @Test
    void anUnreadableFolderIsListedWithItsReasonAndTheRestIsRead() throws IOException {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) System.out.println("InputListingTest: skipped the permission case: root reads any folder, so it"
                + " cannot be made unreadable; run the tests as another user to exercise it");
        assumeFalse(root, "root reads any folder");
        file("in/a.png");
        File locked = file("in/locked/b.png").getParentFile();
        Files.setPosixFilePermissions(locked.toPath(), PosixFilePermissions.fromString("---------"));
        try {
            InputListing.Result r = list(true);
            assertEquals(List.of("a.png"), names(r));
            assertEquals(1, r.unreadable().size());
            assertTrue(r.unreadable().get(0).reason().startsWith("cannot list folder"), r.unreadable().toString());
        } finally {
            Files.setPosixFilePermissions(locked.toPath(), PosixFilePermissions.fromString("rwx------"));
        }
    }
}
