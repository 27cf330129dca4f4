package org.rrlfn.common.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A local file is either its old content or its whole new content, never a half-written one. */
class LocalFilesTest {
    @TempDir Path dir;

    @Test
    void writesIntoNewFoldersAndReplacesWholeFiles() throws IOException {
        Path f = dir.resolve("a/b/result.json");
        LocalFiles.writeString(f, "one");
        LocalFiles.writeString(f, "two");
        assertEquals("two", Files.readString(f));
        try (var files = Files.list(f.getParent())) {
            assertEquals(1, files.count(), "no temporary file left");
        }
    }

    @Test
    void aFailedWriteKeepsTheOldContentAndLeavesNoTemporaryFile() throws IOException {
        Path f = dir.resolve("summary.json");
        LocalFiles.writeString(f, "old");
        assertThrows(IOException.class, () -> LocalFiles.write(f, out -> {
            out.write("half".getBytes());
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(f));
        assertFalse(Files.exists(dir.resolve(".summary.json.tmp")));
        assertTrue(LocalFiles.TEMPORARY.matcher(".summary.json.tmp").matches());
        assertFalse(LocalFiles.TEMPORARY.matcher("summary.json").matches());
    }
}
