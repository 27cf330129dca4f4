package org.rrlfn.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rrlfn.common.config.Settings;
import org.rrlfn.data.PreparedLayout;

/** fuse-eval's defaults are written in terms of the training settings and must follow the user's values. */
class FuseEvalSettingsTest {
    @Test
    void runAndEvaluationSetsFollowTrainOverrides() {
        Config c = Settings.load(List.of("train.run=/data/runs/r7", "train.data=hdfs://nn/prepared"), Map.of()).config();
        assertEquals("/data/runs/r7", c.getString("rrlfn.fuse-eval.run"));
        Config set = c.getConfigList("rrlfn.fuse-eval.sets").get(0);
        assertEquals("hdfs://nn/prepared/x{scale}/test/HR", set.getString("hr"));
        assertEquals("hdfs://nn/prepared/x{scale}/test/LR", set.getString("lr"));
    }

    /** reference.conf spells the default "test" set's folders; they must be where prepare writes its test images. */
    @Test
    void theDefaultTestSetIsThePreparedLayoutsTestFolder() {
        Config c = Settings.load(List.of("train.data=hdfs://nn/prepared"), Map.of()).config();
        FuseEvalSettings.SetSpec test = FuseEvalSettings.from(c).sets().get(0);
        PreparedLayout layout = PreparedLayout.at("hdfs://nn/prepared");
        for (int scale : List.of(2, 3, 4)) {
            assertEquals(layout.hr(scale, PreparedLayout.HeldOut.TEST).toString(), test.hrFor(scale));
            assertEquals(layout.lr(scale, PreparedLayout.HeldOut.TEST).toString(), test.lrFor(scale));
        }
    }

    @Test
    void anExplicitRunStillWins() {
        Config c = Settings.load(List.of("train.run=/a", "fuse-eval.run=/b"), Map.of()).config();
        assertEquals("/b", c.getString("rrlfn.fuse-eval.run"));
    }
}
