package org.rrlfn.jobs.train.averaging;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What a stranger on the network sends to the barrier averaging port (issue 36's probes, each seen to hang or kill
 * the channel that deserialized Java objects): one connection, opened by {@link #open}, written to on its own
 * thread, kept open until the driver closes it or the test does.
 */
public enum ChannelAttack {
    /** A 31-byte frame: a serialized long[] declaring 0x7ffffff0 elements (16 GiB when read as an object). */
    SERIALIZED_OBJECT(frame(hugeLongArray())),
    /** A length prefix of 1 GiB, then silence: a reader that trusts it allocates 1 GiB and waits. */
    HUGE_LENGTH(ByteBuffer.allocate(4).putInt(1 << 30).array()),
    /** A 5.7 KB frame of 100 nested HashSets: deserializing it computes 2^100 hash codes. */
    NESTED_COLLECTION_BOMB(frame(serialized(nestedSets(100)))),
    /** A TLS ClientHello's record header (what a port scanner or a browser sends first), then 1 KB of noise. */
    GARBAGE(garbage()),
    /** Connects and says nothing. */
    SILENT(new byte[0]),
    /** A 4-byte length of 1 MiB, then one byte a second: every read returns within any per-read timeout. */
    DRIP(ByteBuffer.allocate(4).putInt(1 << 20).array());

    private final byte[] payload;

    ChannelAttack(byte[] payload) {
        this.payload = payload;
    }

    /** Connects to {@code host:port} and starts sending; the connection lives until the driver or {@code close} ends it. */
    public Connection open(String host, int port) throws IOException {
        return new Connection(new Socket(host, port), this);
    }

    /** One attacker's connection. */
    public static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final CountDownLatch sent = new CountDownLatch(1);

        private Connection(Socket socket, ChannelAttack attack) {
            this.socket = socket;
            Thread writer = new Thread(() -> write(attack), "attacker-" + attack);
            writer.setDaemon(true);
            writer.start();
        }

        private void write(ChannelAttack attack) {
            try {
                OutputStream out = socket.getOutputStream();
                out.write(attack.payload);
                out.flush();
                sent.countDown();
                while (attack == DRIP) {
                    Thread.sleep(1000);
                    out.write('x');
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the driver closed the connection (or the test did): the attack is over
            } finally {
                sent.countDown();
            }
        }

        /** Waits until the payload has left (the drip's first part); false if it took longer than a second. */
        public boolean payloadSent() throws InterruptedException {
            return sent.await(1, TimeUnit.SECONDS);
        }

        /** Whether the driver closed this connection within {@code d} (reading what it sent until end of stream). */
        public boolean closedByDriverWithin(Duration d) throws IOException {
            long until = System.nanoTime() + d.toNanos();
            InputStream in = socket.getInputStream();
            byte[] b = new byte[256];
            while (true) {
                long left = (until - System.nanoTime()) / 1_000_000;
                if (left <= 0) return false;
                socket.setSoTimeout((int) left);
                try {
                    if (in.read(b) < 0) return true;
                } catch (SocketTimeoutException e) {
                    return false;
                } catch (IOException e) {
                    return true;  // reset by the driver
                }
            }
        }

        /** The attacker's port: the driver's log names the connection by it. */
        public int localPort() { return socket.getLocalPort(); }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static byte[] frame(byte[] body) {
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }

    private static byte[] hugeLongArray() {
        byte[] b = serialized(new long[0]);
        ByteBuffer.wrap(b).putInt(b.length - 4, 0x7ffffff0);
        return b;
    }

    /** The SerialDOS set: each level holds two sets that both hold the next level's two. */
    private static Set<Object> nestedSets(int depth) {
        Set<Object> root = new HashSet<>();
        Set<Object> s1 = root, s2 = new HashSet<>();
        for (int i = 0; i < depth; i++) {
            Set<Object> t1 = new HashSet<>(), t2 = new HashSet<>();
            t1.add("x");
            s1.add(t1);
            s1.add(t2);
            s2.add(t1);
            s2.add(t2);
            s1 = t1;
            s2 = t2;
        }
        return root;
    }

    private static byte[] serialized(Object o) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(b)) {
            out.writeObject(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return b.toByteArray();
    }

    private static byte[] garbage() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        byte[] noise = new byte[1024];
        new Random(36).nextBytes(noise);
        try {
            out.write(new byte[]{0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03});
            out.write(noise);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return b.toByteArray();
    }
}
