package org.rrlfn.jobs.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

/**
 * Length-prefixed Java-serialized messages on a socket: the barrier path's channel between the driver and its
 * workers. One frame per message, so a message is serialized once however many workers receive it.
 */
final class Frames {
    /** Refuses a frame this large: a peer that is not ours, or a corrupt stream. */
    private static final int MAX_BYTES = 1 << 30;

    private Frames() { }

    static byte[] encode(Object message) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(b)) {
            o.writeObject(message);
        }
        return b.toByteArray();
    }

    static void write(DataOutputStream out, byte[] frame) throws IOException {
        out.writeInt(frame.length);
        out.write(frame);
        out.flush();
    }

    static Object read(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_BYTES) throw new IOException("a frame of " + n + " bytes: not an rrlfn averaging peer");
        byte[] b = new byte[n];
        in.readFully(b);
        try (ObjectInputStream o = new ContextObjectInputStream(new ByteArrayInputStream(b))) {
            return o.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException("a message of an unknown class: " + e.getMessage(), e);
        }
    }

    /** Resolves classes through the thread's context loader: on executors that is the one holding the job's jar. */
    private static final class ContextObjectInputStream extends ObjectInputStream {
        ContextObjectInputStream(InputStream in) throws IOException { super(in); }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            ClassLoader cl = Thread.currentThread().getContextClassLoader();
            if (cl == null) return super.resolveClass(desc);
            try {
                return Class.forName(desc.getName(), false, cl);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }
}
