package org.rrlfn.jobs.train.averaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The barrier channel's handshake over real loopback sockets: a worker holding the stage's secret passes and leaves
 * the next bytes unread; a wrong secret, a replayed hello and a reflected proof do not pass; a peer that trickles its
 * bytes in runs out of one deadline for the whole handshake, however short each wait between bytes.
 */
class HandshakeTest {
    private static final Duration DEADLINE = Duration.ofSeconds(2);
    private final byte[] secret = Handshake.newSecret();

    /** A driver on loopback that accepts one connection and runs {@code side} on it. */
    private static <T> CompletableFuture<T> driver(ServerSocket server, SocketFunction<T> side) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket s = server.accept()) {
                return side.apply(s);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    interface SocketFunction<T> {
        T apply(Socket s) throws IOException;
    }

    private static ServerSocket loopback() throws IOException {
        return new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    }

    private static Throwable cause(CompletableFuture<?> f) {
        try {
            f.get(10, TimeUnit.SECONDS);
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aWorkerWithTheSecretPassesAndTheNextBytesAreLeftForTheFrames() throws Exception {
        try (ServerSocket server = loopback()) {
            CompletableFuture<String> d = driver(server, s -> {
                Handshake.Peer p = Handshake.accept(s, secret, DEADLINE);
                byte[] next = s.getInputStream().readNBytes(5);
                return p.slot() + "/" + p.stageAttempt() + " then " + new String(next);
            });
            try (Socket w = new Socket(server.getInetAddress(), server.getLocalPort())) {
                Handshake.connect(w, secret, new Handshake.Peer(3, 1), DEADLINE);
                w.getOutputStream().write("frame".getBytes());
            }
            assertEquals("3/1 then frame", d.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aWorkerOfAnotherStageIsRefused() throws Exception {
        try (ServerSocket server = loopback()) {
            CompletableFuture<Handshake.Peer> d = driver(server, s -> Handshake.accept(s, secret, DEADLINE));
            try (Socket w = new Socket(server.getInetAddress(), server.getLocalPort())) {
                IOException e = assertThrows(IOException.class,
                        () -> Handshake.connect(w, Handshake.newSecret(), new Handshake.Peer(0, 0), DEADLINE));
                assertTrue(e.getMessage().contains("closed after 0 of the handshake's 32 bytes"), e.getMessage());
            }
            assertTrue(cause(d).getMessage().contains("does not match this stage's secret"), cause(d).getMessage());
        }
    }

    /** A listener that speaks the channel's first bytes but lacks the secret cannot pass for the driver. */
    @Test
    void aWorkerRefusesAListenerWithoutTheSecret() throws Exception {
        try (ServerSocket server = loopback()) {
            CompletableFuture<Void> impostor = driver(server, s -> {
                s.getOutputStream().write("RRLFNav1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                s.getOutputStream().write(new byte[32]);                    // its nonce
                s.getInputStream().readNBytes(Handshake.HELLO_BYTES);      // the worker's hello
                s.getOutputStream().write(new byte[32]);                    // a proof it cannot make
                s.getInputStream().read();                                  // until the worker hangs up
                return null;
            });
            try (Socket w = new Socket(server.getInetAddress(), server.getLocalPort())) {
                IOException e = assertThrows(IOException.class,
                        () -> Handshake.connect(w, secret, new Handshake.Peer(0, 0), DEADLINE));
                assertTrue(e.getMessage().contains("not this stage's driver"), e.getMessage());
            }
            impostor.get(10, TimeUnit.SECONDS);
        }
    }

    /** A recorded hello answered another connection's nonce: played back on a new connection it does not pass. */
    @Test
    void aReplayedHelloIsRefused() throws Exception {
        try (ServerSocket server = loopback()) {
            CompletableFuture<Handshake.Peer> first = driver(server, s -> Handshake.accept(s, secret, DEADLINE));
            byte[] hello;
            try (Socket w = new Socket(server.getInetAddress(), server.getLocalPort())) {
                RecordingSocket rec = new RecordingSocket(w);
                Handshake.connect(rec, secret, new Handshake.Peer(0, 0), DEADLINE);
                hello = rec.sent.toByteArray();
            }
            assertEquals(new Handshake.Peer(0, 0), first.get(10, TimeUnit.SECONDS));
            assertEquals(Handshake.HELLO_BYTES, hello.length);

            CompletableFuture<Handshake.Peer> second = driver(server, s -> Handshake.accept(s, secret, DEADLINE));
            try (Socket replay = new Socket(server.getInetAddress(), server.getLocalPort())) {
                replay.getOutputStream().write(hello);
                assertTrue(cause(second).getMessage().contains("does not match this stage's secret"));
            }
        }
    }

    /**
     * Reflection: a stranger who opens two connections to the driver and hands the challenge of one to the other gets
     * back nothing it could use; the driver proves itself only to a peer that proved itself first.
     */
    @Test
    void theDriverProvesNothingToAPeerThatHasNotProvedItself() throws Exception {
        try (ServerSocket server = loopback()) {
            CompletableFuture<Handshake.Peer> d = driver(server, s -> Handshake.accept(s, secret, DEADLINE));
            try (Socket stranger = new Socket(server.getInetAddress(), server.getLocalPort())) {
                InputStream in = stranger.getInputStream();
                byte[] challenge = in.readNBytes(40);
                OutputStream out = stranger.getOutputStream();
                // the driver's own challenge sent back where a hello belongs, padded to the hello's size
                byte[] reflected = new byte[Handshake.HELLO_BYTES];
                System.arraycopy(challenge, 0, reflected, 0, challenge.length);
                out.write(reflected);
                assertTrue(cause(d).getMessage().contains("does not match this stage's secret"));
                assertArrayEquals(new byte[0], in.readAllBytes(), "nothing after the challenge");
            }
        }
    }

    @Test
    void oneDeadlineForTheWholeHandshakeNotOnePerRead() throws Exception {
        try (ServerSocket server = loopback()) {
            long t0 = System.nanoTime();
            CompletableFuture<Handshake.Peer> d = driver(server, s -> Handshake.accept(s, secret, DEADLINE));
            try (Socket drip = new Socket(server.getInetAddress(), server.getLocalPort())) {
                // a byte every 100 ms: each read returns long before any per-read timeout would fire
                for (int i = 0; i < 60 && !d.isDone(); i++) {
                    drip.getOutputStream().write('x');
                    Thread.sleep(100);
                }
                Throwable e = cause(d);
                double seconds = (System.nanoTime() - t0) / 1e9;
                assertTrue(e instanceof SocketTimeoutException, String.valueOf(e));
                assertTrue(e.getMessage().contains("of the handshake's 80 bytes within its 2.0 s"), e.getMessage());
                assertTrue(seconds < DEADLINE.toSeconds() + 1, seconds + " s");
            }
        }
    }

    /** A socket whose output is also copied aside: what a listener on the wire records. */
    private static final class RecordingSocket extends Socket {
        private final Socket s;
        final ByteArrayOutputStream sent = new ByteArrayOutputStream();

        RecordingSocket(Socket s) { this.s = s; }

        @Override public InputStream getInputStream() throws IOException { return s.getInputStream(); }

        @Override public void setSoTimeout(int ms) throws java.net.SocketException { s.setSoTimeout(ms); }

        @Override
        public OutputStream getOutputStream() throws IOException {
            OutputStream out = s.getOutputStream();
            return new OutputStream() {
                @Override public void write(int b) throws IOException { sent.write(b); out.write(b); }

                @Override public void write(byte[] b, int off, int len) throws IOException {
                    sent.write(b, off, len);
                    out.write(b, off, len);
                }
            };
        }
    }
}
