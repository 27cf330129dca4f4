package org.rrlfn.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rrlfn.common.UserError;

/** {@link Settings#with}: how one command hands another typed settings, held to what key=value does. */
class SettingsTest {

    @Test
    void anObjectValueIsMergedOverTheSectionAsKeyEqualsValueMergesIt() {
        Config object = ConfigFactory.parseString("v { master = \"local[1]\" }");
        Config typed = Settings.with(Settings.defaults(), Map.of("spark", object.getValue("v")), "test");
        Config argument = Settings.load(List.of("spark={ master = \"local[1]\" }"), Map.of()).config();
        assertEquals("local[1]", typed.getString("rrlfn.spark.master"));
        assertEquals("rrlfn", typed.getString("rrlfn.spark.app-name"));   // kept from the reference, not dropped
        assertEquals(argument.getConfig("rrlfn.spark").root().unwrapped(), typed.getConfig("rrlfn.spark").root().unwrapped());
    }

    @Test
    void plainValuesAndTheirMistakesAreNamedWithTheOrigin() {
        Config c = Settings.with(Settings.defaults(), Map.of("rrlfn.spark.native-threads", 3), "a trial");
        assertEquals(3, c.getInt("rrlfn.spark.native-threads"));
        UserError unknown = assertThrows(UserError.class,
                () -> Settings.with(Settings.defaults(), Map.of("spark.mastr", "local[1]"), "a trial"));
        assertTrue(unknown.getMessage().contains("'rrlfn.spark.mastr'") && unknown.getMessage().contains("a trial"),
                unknown.getMessage());
        UserError bad = assertThrows(UserError.class,
                () -> Settings.with(Settings.defaults(), Map.of("spark..master", "x"), "a trial"));
        assertEquals("a trial: 'rrlfn.spark..master' is not a valid key", bad.getMessage());
    }

    @Test
    void anUnsetVariableOrASubstitutionLoopIsOneLineNamingTheFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path unset = dir.resolve("unset.conf"), loop = dir.resolve("loop.conf");
        java.nio.file.Files.writeString(unset, "rrlfn.train.seed = ${RRLFN_TEST_NEVER_SET_VARIABLE}\n");
        java.nio.file.Files.writeString(loop, "rrlfn.train.seed = ${rrlfn.train.workers}\nrrlfn.train.workers = ${rrlfn.train.seed}\n");
        for (java.nio.file.Path f : List.of(unset, loop)) {
            UserError e = assertThrows(UserError.class, () -> Settings.load(List.of("--config", f.toString()), Map.of()));
            assertTrue(e.getMessage().contains(f.getFileName().toString()) && !e.getMessage().contains("\n"), e.getMessage());
        }
    }

    /** A reference file's "1.0" is a number key (Typesafe reads it as the integer 1), "3" an integer key. */
    @Test
    void aReferenceWrittenWithADecimalPointTakesFractionsAndAnIntegerOneDoesNot(@org.junit.jupiter.api.io.TempDir
                                                                                 java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("reference.conf");
        java.nio.file.Files.writeString(file, "rrlfn.t {\n  p = 1.0\n  z = 0.0e0  # off\n  n = 3\n}\n");
        Config ref = ConfigFactory.parseFile(file.toFile());
        assertEquals(Integer.class, ref.getValue("rrlfn.t.p").unwrapped().getClass(), "what Typesafe makes of 1.0");

        Settings.validate(ConfigFactory.parseString("rrlfn.t { p = 0.5, z = 0.999, n = 4 }").withFallback(ref), ref);
        UserError e = assertThrows(UserError.class,
                () -> Settings.validate(ConfigFactory.parseString("rrlfn.t.n = 4.5").withFallback(ref), ref));
        assertTrue(e.getMessage().startsWith("configuration key 'rrlfn.t.n' must be an integer, got 4.5"), e.getMessage());
        UserError text = assertThrows(UserError.class,
                () -> Settings.validate(ConfigFactory.parseString("rrlfn.t.z = high").withFallback(ref), ref));
        assertTrue(text.getMessage().startsWith("configuration key 'rrlfn.t.z' must be a number"), text.getMessage());
    }
}
