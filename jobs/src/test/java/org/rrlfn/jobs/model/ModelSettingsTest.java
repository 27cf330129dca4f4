package org.rrlfn.jobs.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Settings;
import org.rrlfn.model.Engine;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.losses.LossConfig;
import org.rrlfn.model.memory.StepMemory;

class ModelSettingsTest {
    @TempDir File dir;

    private static UserError rejected(List<String> args) {
        return assertThrows(UserError.class, () -> Settings.load(args, SummaryCommand.OPTIONS));
    }

    @Test
    void defaultsAreThePapersNetwork() {
        assertEquals(RrlfnConfig.paper(2), ModelSettings.from(Settings.load(List.of(), Map.of()).config()));
    }

    @Test
    void filesThenOverridesThenOptionsApplyInOrder() throws Exception {
        File f = new File(dir, "job.conf");
        Files.writeString(f.toPath(), "rrlfn.model { scale = 3, blocks = 4 }\n");
        Settings.Loaded l = Settings.load(List.of("--config", f.getPath(), "model.blocks=5", "--scale", "4", "rest"),
                SummaryCommand.OPTIONS);
        RrlfnConfig c = ModelSettings.from(l.config());
        assertEquals(4, c.scale());
        assertEquals(5, c.blocks());
        assertEquals(List.of("rest"), l.positional());
    }

    @Test
    void mistypedKeyInAFileIsNamedWithItsOriginAndASuggestion() throws Exception {
        File f = new File(dir, "typo.conf");
        Files.writeString(f.toPath(), "rrlfn.model {\n  chanels = 32\n}\n");
        String m = rejected(List.of("--config", f.getPath())).getMessage();
        assertTrue(m.contains("'rrlfn.model.chanels'") && m.contains("typo.conf") && m.contains(": 2")
                && m.contains("did you mean 'rrlfn.model.channels'"), m);
    }

    @Test
    void aKeyWithoutItsSectionIsFoundElsewhere() {
        String m = rejected(List.of("channels=32")).getMessage();
        assertTrue(m.contains("'rrlfn.channels'") && m.contains("did you mean 'rrlfn.model.channels'"), m);
    }

    @Test
    void unknownSectionAndWrongTypesAreRejected() {
        assertTrue(rejected(List.of("rrlfn.modle.scale=2")).getMessage().contains("'rrlfn.modle'"));
        String m = rejected(List.of("model.blocks=six")).getMessage();
        assertTrue(m.contains("'rrlfn.model.blocks' must be an integer") && m.contains("six"), m);
        assertTrue(rejected(List.of("model.channels=4.5")).getMessage().contains("must be an integer"));
        assertTrue(rejected(List.of("--sclae", "2")).getMessage().contains("unknown option --sclae"));
        assertTrue(rejected(List.of("--scale")).getMessage().contains("needs a value"));
        assertTrue(rejected(List.of("--config", new File(dir, "absent.conf").getPath())).getMessage().contains("no such file"));
    }

    @Test
    void semanticErrorsNameTheKey() {
        Config c = Settings.load(List.of("--scale", "5"), SummaryCommand.OPTIONS).config();
        UserError e = assertThrows(UserError.class, () -> ModelSettings.from(c));
        assertTrue(e.getMessage().startsWith("rrlfn.model: scale must be 2, 3 or 4"), e.getMessage());
        Config a = Settings.load(List.of("model.activation=gelu"), Map.of()).config();
        assertTrue(assertThrows(UserError.class, () -> ModelSettings.from(a)).getMessage().contains("gelu"));
    }

    @Test
    void everyReferenceKeyCarriesAComment() {
        Config ref = ConfigFactory.defaultReference().getConfig(Settings.ROOT);
        for (Map.Entry<String, ConfigValue> e : ref.entrySet())
            assertFalse(e.getValue().origin().comments().isEmpty(), "no comment on rrlfn." + e.getKey());
    }

    @Test
    void summaryPrintsBothFormsAndThePublishedCounts() {
        for (int scale : new int[]{2, 4}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            SummaryCommand.COMMAND.run(List.of("--scale", String.valueOf(scale)), new PrintStream(bytes, true));
            String s = bytes.toString();
            String deployRow = s.lines().filter(l -> l.startsWith("DEPLOY")).findFirst().orElseThrow();
            assertTrue(deployRow.contains(scale == 2 ? "454,620" : "470,208"), s);
            long trainCount = (scale == 2 ? 454_620 : 470_208) + 18 * (48 * 48 + 48);
            assertTrue(s.contains(String.format("%,d", trainCount)), s);
        }
    }

    /**
     * The memory rows are what train checks, the model's step inside a training job, for the configured crop and
     * batch, split over 2, 8 and 64 workers.
     */
    @Test
    void summaryPrintsTheStepMemoryPerWorker() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SummaryCommand.COMMAND.run(List.of("--scale", "2", "--hr-patch", "128", "--batch", "64", "--workers", "4"),
                new PrintStream(bytes, true));
        String s = bytes.toString();
        assertTrue(s.contains("memory of a training step (docs/memory.md), x2, HR crop 128, global batch 64 (profile full)"), s);
        String l1 = s.lines().filter(l -> l.startsWith("l1 ")).findFirst().orElseThrow();
        for (int perWorker : new int[]{16, 32, 8, 1})
            assertTrue(l1.contains(StepMemory.gib(StepMemory.training(Engine.DL4J, RrlfnConfig.paper(2), LossConfig.l1(), 128, perWorker)
                    .inTrainingJob().perWorker())), perWorker + " per worker: " + l1);
        assertTrue(s.lines().anyMatch(l -> l.startsWith("l1+contrastive ")), s);
    }
}
