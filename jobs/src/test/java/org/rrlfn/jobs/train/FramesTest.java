package org.rrlfn.jobs.train;

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

/** The barrier path's messages: one length-prefixed frame each, read back whole; a stranger's bytes are refused. */
class FramesTest {
    @Test
    void messagesRoundTripInOrder() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        WorkerState state = new WorkerState(new float[]{1.5f, -2f}, new float[]{0.25f}, 40, 1);
        Frames.write(out, Frames.encode(new BarrierWorker.Order(List.of("r1", "r2"))));
        Frames.write(out, Frames.encode(state));
        Frames.write(out, Frames.encode(new BarrierWorker.Stop()));
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(b.toByteArray()));
        assertEquals(List.of("r1", "r2"), ((BarrierWorker.Order) Frames.read(in)).recipes());
        WorkerState read = (WorkerState) Frames.read(in);
        assertArrayEquals(state.params(), read.params());
        assertArrayEquals(state.updater(), read.updater());
        assertEquals(40, read.iteration());
        assertTrue(Frames.read(in) instanceof BarrierWorker.Stop);
    }

    @Test
    void aFrameThatIsNotOursIsRefusedBeforeReadingIt() {
        byte[] http = "GET / HTTP/1.1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        IOException e = assertThrows(IOException.class,
                () -> Frames.read(new DataInputStream(new ByteArrayInputStream(http))));
        assertTrue(e.getMessage().contains("not an rrlfn averaging peer"), e.getMessage());
    }
}
