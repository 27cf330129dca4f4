package org.rrlfn.jobs.train.averaging;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The first bytes of every connection on the barrier averaging channel, fixed in size: until a peer has proved that
 * it holds the stage's secret, the driver reads no more than {@value #HELLO_BYTES} bytes from it, allocates nothing
 * from what it sends and gives it one deadline for the whole exchange (not one per read). The secret itself never
 * crosses the socket; it reaches the workers inside the Spark job's task closure.
 *
 * <pre>
 *   driver -&gt; worker  MAGIC(8) | driver nonce(32)                                          40 bytes
 *   worker -&gt; driver  MAGIC(8) | slot(4) | stage attempt(4) | worker nonce(32) | proof(32)  80 bytes
 *   driver -&gt; worker  proof(32)                                                             32 bytes
 *
 *   proof = HMAC-SHA256(secret, role | driver nonce | worker nonce | slot | stage attempt), role "worker" or "driver"
 * </pre>
 *
 * A recorded hello is worthless on a new connection: it answers another driver nonce (replay). Neither side's proof
 * passes as the other's: the role is inside the MAC, and the driver proves itself only after the worker has
 * (reflection). The driver's proof covers the worker's fresh nonce, so a worker knows it reached this stage's
 * driver, not a recording of it. Slot and stage attempt are inside the worker's proof and cannot be altered.
 * Nothing after the handshake is authenticated or encrypted: the channel keeps strangers out, not an on-path
 * attacker (see the cluster docs).
 */
final class Handshake {
    static final int SECRET_BYTES = 32;
    private static final byte[] MAGIC = "RRLFNav1".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE = 32;
    private static final int PROOF = 32;
    private static final int CHALLENGE_BYTES = MAGIC.length + NONCE;
    static final int HELLO_BYTES = MAGIC.length + 4 + 4 + NONCE + PROOF;
    private static final byte[] WORKER = "worker".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DRIVER = "driver".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Who a connection proved to be: a worker slot's task of a given stage attempt. */
    record Peer(int slot, int stageAttempt) { }

    private Handshake() { }

    /** A fresh secret for one stage. */
    static byte[] newSecret() {
        return random(SECRET_BYTES);
    }

    /**
     * The driver's side: challenges the peer, checks its proof, proves itself. Throws an {@link IOException} whose
     * message is one line saying why the peer was refused; the caller closes the socket.
     */
    static Peer accept(Socket s, byte[] secret, Duration deadline) throws IOException {
        long until = System.nanoTime() + deadline.toNanos();
        byte[] driverNonce = random(NONCE);
        send(s, MAGIC, driverNonce);
        byte[] hello = read(s, HELLO_BYTES, until, deadline);
        if (!Arrays.equals(hello, 0, MAGIC.length, MAGIC, 0, MAGIC.length))
            throw new IOException("not an rrlfn averaging peer (its first bytes are not the channel's)");
        ByteBuffer b = ByteBuffer.wrap(hello, MAGIC.length, HELLO_BYTES - MAGIC.length);
        int slot = b.getInt();
        int attempt = b.getInt();
        byte[] workerNonce = new byte[NONCE];
        byte[] proof = new byte[PROOF];
        b.get(workerNonce).get(proof);
        if (!MessageDigest.isEqual(proof, proof(secret, WORKER, driverNonce, workerNonce, slot, attempt)))
            throw new IOException("its proof does not match this stage's secret (a stranger, or a worker of"
                    + " another stage or run)");
        send(s, proof(secret, DRIVER, driverNonce, workerNonce, slot, attempt));
        return new Peer(slot, attempt);
    }

    /** The worker's side: answers the driver's challenge and checks that the driver holds the same secret. */
    static void connect(Socket s, byte[] secret, Peer self, Duration deadline) throws IOException {
        long until = System.nanoTime() + deadline.toNanos();
        byte[] challenge = read(s, CHALLENGE_BYTES, until, deadline);
        if (!Arrays.equals(challenge, 0, MAGIC.length, MAGIC, 0, MAGIC.length))
            throw new IOException("the averaging port does not speak the rrlfn channel");
        byte[] driverNonce = Arrays.copyOfRange(challenge, MAGIC.length, CHALLENGE_BYTES);
        byte[] workerNonce = random(NONCE);
        send(s, MAGIC, ByteBuffer.allocate(8).putInt(self.slot()).putInt(self.stageAttempt()).array(), workerNonce,
                proof(secret, WORKER, driverNonce, workerNonce, self.slot(), self.stageAttempt()));
        byte[] driverProof = read(s, PROOF, until, deadline);
        if (!MessageDigest.isEqual(driverProof,
                proof(secret, DRIVER, driverNonce, workerNonce, self.slot(), self.stageAttempt())))
            throw new IOException("the averaging port's proof does not match the stage's secret: not this stage's driver");
    }

    private static byte[] proof(byte[] secret, byte[] role, byte[] driverNonce, byte[] workerNonce, int slot,
                                int attempt) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(role);
            mac.update(driverNonce);
            mac.update(workerNonce);
            mac.update(ByteBuffer.allocate(8).putInt(slot).putInt(attempt).array());
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private static void send(Socket s, byte[]... parts) throws IOException {
        OutputStream out = s.getOutputStream();
        int n = 0;
        for (byte[] p : parts) n += p.length;
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) b.put(p);
        out.write(b.array());
        out.flush();
    }

    /** Exactly {@code n} bytes straight from the socket, all of them before {@code until}, however they trickle in. */
    private static byte[] read(Socket s, int n, long until, Duration deadline) throws IOException {
        InputStream in = s.getInputStream();
        byte[] b = new byte[n];
        for (int off = 0; off < n; ) {
            long leftMs = (until - System.nanoTime()) / 1_000_000;
            if (leftMs <= 0) throw timedOut(off, n, deadline);
            s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, leftMs));
            int got;
            try {
                got = in.read(b, off, n - off);
            } catch (SocketTimeoutException e) {
                throw timedOut(off, n, deadline);
            }
            if (got < 0) throw new EOFException("closed after " + off + " of the handshake's " + n + " bytes");
            off += got;
        }
        return b;
    }

    private static SocketTimeoutException timedOut(int got, int n, Duration deadline) {
        return new SocketTimeoutException("sent " + got + " of the handshake's " + n + " bytes within its "
                + deadline.toMillis() / 1000.0 + " s");
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
