package org.rrlfn.jobs.train.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.rrlfn.common.UserError;
import org.rrlfn.common.files.Sha256;
import org.rrlfn.data.PreparedLayout;
import org.rrlfn.jobs.train.config.TrainSettings;

/**
 * Which prepared set a run trains on: the SHA-256 of the set's {@code manifest.json}, which prepare writes anew (with
 * its time) for every set it commits. Recorded in {@value RunLayout#DATA_IDENTITY} at the run's first stage start, compared at every
 * later stage start, resume and stage end, so a set replaced under a run (prepare with overwrite) stops the run
 * instead of training its later stages on other data. The folder's name does not count: {@code /p/} and
 * {@code file:///p} are one set.
 */
public final class DataIdentity {
    private static final String DIGEST = "manifest-sha256";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DataIdentity() { }

    /** Records the set on first use; afterwards throws unless {@code data} is still the recorded set. */
    public static void check(RunStore store, String data, Configuration hadoop) throws IOException {
        PreparedLayout layout = PreparedLayout.at(data);
        FileSystem fs = layout.root().getFileSystem(hadoop);
        Path root = fs.makeQualified(layout.root());
        String now;
        try (InputStream in = fs.open(layout.manifest())) {
            now = Sha256.hex(in);
        } catch (FileNotFoundException e) {
            throw new UserError(TrainSettings.PATH + ".data: " + root + " has no " + PreparedLayout.MANIFEST
                    + " any more: a prepare is replacing it, or it was removed");
        }
        if (!store.exists(RunLayout.DATA_IDENTITY)) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put(DIGEST, now);
            m.put("data", root.toString());
            m.put("recorded", Instant.now().toString());
            store.writeAtomically(RunLayout.DATA_IDENTITY, out -> JSON.writeValue(out, m));
            return;
        }
        Object recorded;
        try {
            recorded = store.read(RunLayout.DATA_IDENTITY, in -> JSON.readValue(in, Map.class)).get(DIGEST);
        } catch (IOException e) {
            throw new UserError(store.path(RunLayout.DATA_IDENTITY) + " is damaged (" + e.getMessage() + "): it names the prepared set this"
                    + " run trains on; delete it to record " + root + " as that set");
        }
        if (!now.equals(recorded))
            throw new UserError(TrainSettings.PATH + ".data " + root + " is not the prepared set this run trains on"
                    + " (its " + PreparedLayout.MANIFEST + " has SHA-256 " + abbreviate(now) + ", the run recorded "
                    + abbreviate(String.valueOf(recorded)) + " in " + RunLayout.DATA_IDENTITY + "; prepared again?): every stage of a run"
                    + " trains on one set. Train on it in a new run folder, or delete " + store.path(RunLayout.DATA_IDENTITY)
                    + " to continue this run on it");
    }

    private static String abbreviate(String digest) {
        return digest.length() > 12 ? digest.substring(0, 12) + "…" : digest;
    }
}
