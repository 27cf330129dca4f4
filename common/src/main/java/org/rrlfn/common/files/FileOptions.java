package org.rrlfn.common.files;

import com.typesafe.config.Config;
import java.io.Serializable;
import java.time.Duration;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Settings;

/** {@code rrlfn.files}: how every command lists its inputs and treats the folder it writes. */
public record FileOptions(boolean followSymlinks, boolean adoptNonEmpty, Duration lockStale) implements Serializable {
    public static final String PATH = Settings.ROOT + ".files";
    public static final FileOptions DEFAULT = new FileOptions(true, false, Duration.ofSeconds(120));

    public FileOptions {
        if (lockStale.compareTo(FolderLock.HEARTBEAT.multipliedBy(3)) < 0)
            throw new UserError(PATH + ".lock-stale-seconds must be at least three heartbeats ("
                    + FolderLock.HEARTBEAT.multipliedBy(3).toSeconds() + " s), got " + lockStale.toSeconds());
    }

    public static FileOptions from(Config root) {
        Config c = root.getConfig(PATH);
        String links = c.getString("follow-symlinks");
        if (!links.equals("once") && !links.equals("never"))
            throw new UserError(PATH + ".follow-symlinks must be once or never, got '" + links + "'");
        return new FileOptions(links.equals("once"), c.getBoolean("adopt-non-empty"),
                Duration.ofSeconds(c.getLong("lock-stale-seconds")));
    }
}
