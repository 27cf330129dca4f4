package org.rrlfn.common.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Progress goes to the log channel (slf4j, here bound to log4j2 as in bin/rrlfn), never to stdout. */
class ConsoleTest {
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private LoggerContext context;
    private PrintStream stdout;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @BeforeEach
    void listen() {
        context = (LoggerContext) LogManager.getContext(false);
        AbstractAppender appender = new AbstractAppender("console-test", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent e) {
                seen.add(e.getLevel() + " " + e.getLoggerName() + ": " + e.getMessage().getFormattedMessage());
            }
        };
        appender.start();
        LoggerConfig logger = new LoggerConfig(Console.LOGGER, Level.INFO, false);
        logger.addAppender(appender, Level.INFO, null);
        context.getConfiguration().addLogger(Console.LOGGER, logger);
        context.updateLoggers();
        stdout = System.out;
        System.setOut(new PrintStream(printed, true));
    }

    @AfterEach
    void stop() {
        System.setOut(stdout);
        context.getConfiguration().removeLogger(Console.LOGGER);
        context.updateLoggers();
    }

    @Test
    void progressLinesGoToTheLogChannelInOrderAndNotToStdout() {
        Console.info("stage %d/%d %s: finished", 1, 2, "x2");
        try (PrintStream lines = Console.lines()) {
            lines.println("a.png (8x8) -> b.png (4x4)");
            lines.print("downscaled 1 image(s)\r\nlast line without a newline");
        }
        Console.info("done in %s", Console.duration(75));
        assertEquals(List.of("INFO org.rrlfn: stage 1/2 x2: finished", "INFO org.rrlfn: a.png (8x8) -> b.png (4x4)",
                "INFO org.rrlfn: downscaled 1 image(s)", "INFO org.rrlfn: last line without a newline",
                "INFO org.rrlfn: done in 1m15s"), seen);
        assertEquals("", printed.toString());
    }

    @Test
    void durationsRoundToWholeSecondsAndName() {
        assertEquals("0s", Console.duration(-3));
        assertEquals("59s", Console.duration(59.4));
        assertEquals("1m00s", Console.duration(59.6));
        assertEquals("1m15s", Console.duration(75));
        assertEquals("2h05m", Console.duration(2 * 3600 + 5 * 60 + 30));
    }
}
