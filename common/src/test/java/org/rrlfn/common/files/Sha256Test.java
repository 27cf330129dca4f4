package org.rrlfn.common.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Against FIPS 180-2's published vectors, and the stream form against the array form past one read buffer. */
class Sha256Test {
    @Test
    void publishedVectors() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                Sha256.hex("abc".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256.hex(new byte[0]));
    }

    @Test
    void aStreamHashesAsItsBytesDo() throws Exception {
        byte[] data = new byte[200_003];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 31 + 7);
        assertEquals(Sha256.hex(data), Sha256.hex(new ByteArrayInputStream(data)));
    }
}
