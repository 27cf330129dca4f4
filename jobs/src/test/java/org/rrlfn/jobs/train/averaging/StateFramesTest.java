package org.rrlfn.jobs.train.averaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The barrier channel's frames after the handshake: every message reads back as written, bit for bit; lengths other
 * than the stage's are refused before anything of their size is allocated.
 */
class StateFramesTest {
    private static final StateFrames FRAMES = new StateFrames(new StateFrames.Shape(3, 2, 2));
    /** More floats than one transfer chunk (16384), so the chunking is crossed. */
    private static final int LARGE = 40_000;

    private static DataInputStream in(ByteArrayOutputStream b) {
        return new DataInputStream(new ByteArrayInputStream(b.toByteArray()));
    }

    @Test
    void aRoundsMessagesReadBackAsWrittenInOrder() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        WorkerState state = new WorkerState(new float[]{1.5f, -2f, Float.MIN_VALUE}, new float[]{0.25f, Float.NaN}, 40, 1);
        StateFrames.writeOrder(out, List.of("r1", "r2"), true);
        out.write(StateFrames.state(state));
        List<WorkerSteps.Step> steps = List.of(new WorkerSteps.Step(1, 40, 1e-3, 12.5), new WorkerSteps.Step(1, 41, 5e-4, 3));
        SlotReport report = new SlotReport(1, "exec-7", "host-a", true, 1, 2, 3.5);
        StateFrames.writeResult(out, 0.125, steps, report);
        StateFrames.writeOrder(out, List.of("r3"), false);
        StateFrames.writePull(out);
        StateFrames.writeStop(out);
        DataInputStream in = in(b);
        assertEquals(new StateFrames.Order(List.of("r1", "r2"), true), FRAMES.readCommand(in));
        WorkerState read = FRAMES.readState(in);
        assertArrayEquals(state.params(), read.params());
        assertArrayEquals(state.updater(), read.updater());
        assertEquals(40, read.iteration());
        assertEquals(1, read.epoch());
        assertEquals(new StateFrames.Report(0.125, steps, report), FRAMES.readResult(in));
        assertEquals(new StateFrames.Order(List.of("r3"), false), FRAMES.readCommand(in));
        assertEquals(new StateFrames.Pull(), FRAMES.readCommand(in));
        assertEquals(new StateFrames.Stop(), FRAMES.readCommand(in));
        assertEquals(-1, in.read(), "nothing left over");
    }

    @Test
    void aStateLargerThanOneChunkReadsBackBitForBit() throws Exception {
        float[] params = new float[LARGE];
        for (int i = 0; i < LARGE; i++) params[i] = Float.intBitsToFloat(0x3f800000 + i * 7919);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        new DataOutputStream(b).write(StateFrames.state(new WorkerState(params, new float[]{7}, 0, 0)));
        WorkerState read = new StateFrames(new StateFrames.Shape(LARGE, 1, 1)).readState(in(b));
        assertArrayEquals(params, read.params());
    }

    /** The stage's sizes are the only ones accepted: a peer's length field allocates nothing else. */
    @Test
    void lengthsOtherThanTheStagesAreRefused() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.writeByte(2);                  // a state frame
        out.writeInt(Integer.MAX_VALUE);   // of 2^31 - 1 parameters
        IOException e = assertThrows(IOException.class, () -> FRAMES.readState(in(b)));
        assertEquals("a state of 2147483647 parameters where the stage's has 3", e.getMessage());

        b.reset();
        StateFrames.writeOrder(out, List.of("a", "b", "c"), false);
        e = assertThrows(IOException.class, () -> FRAMES.readCommand(in(b)));
        assertTrue(e.getMessage().startsWith("3 recipes in a frame of a stage whose rounds have at most 2"), e.getMessage());
    }

    @Test
    void aFrameOfAnotherTypeIsRefused() {
        byte[] http = "GET / HTTP/1.1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        IOException e = assertThrows(IOException.class,
                () -> FRAMES.readResult(new DataInputStream(new ByteArrayInputStream(http))));
        assertEquals("a frame of type 71 where result was due", e.getMessage());
    }
}
