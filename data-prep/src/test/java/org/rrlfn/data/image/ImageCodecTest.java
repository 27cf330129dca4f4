package org.rrlfn.data.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.rrlfn.data.TestImages;

/** Decoding of each supported kind of file to 8-bit RGB, against the pixel values the test wrote. */
class ImageCodecTest {
    private static void assertSameRgb(BufferedImage expected, Rgb8 actual, int tolerance) {
        assertEquals(expected.getWidth(), actual.width());
        assertEquals(expected.getHeight(), actual.height());
        for (int y = 0; y < actual.height(); y++)
            for (int x = 0; x < actual.width(); x++)
                for (int c = 0; c < 3; c++)
                    assertEquals(TestImages.sample(expected, c, x, y), actual.get(c, y, x), tolerance,
                            "pixel " + x + "," + y + " channel " + c);
    }

    @Test
    void losslessFormatsRoundTripExactly() throws Exception {
        BufferedImage img = TestImages.gradient(37, 23, 1);
        for (String format : new String[] {"png", "bmp", "tiff"})
            assertSameRgb(img, ImageCodec.read(TestImages.encode(img, format)), 0);
    }

    @Test
    void writtenPngReadsBackIdentically() throws Exception {
        Rgb8 img = ImageCodec.read(TestImages.encode(TestImages.gradient(19, 11, 2), "png"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageCodec.writePng(img, out);
        Rgb8 back = ImageCodec.read(out.toByteArray());
        for (int c = 0; c < 3; c++) for (int y = 0; y < 11; y++) for (int x = 0; x < 19; x++)
            assertEquals(img.get(c, y, x), back.get(c, y, x));
    }

    @Test
    void grayPngKeepsStoredValues() throws Exception {
        // getRGB would treat the gray colour space as linear and brighten mid-tones; stored values must come through.
        BufferedImage gray = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_GRAY);
        int[] values = {0, 64, 128, 255};
        for (int x = 0; x < 4; x++) gray.getRaster().setSample(x, 0, 0, values[x]);
        Rgb8 rgb = ImageCodec.read(TestImages.encode(gray, "png"));
        for (int x = 0; x < 4; x++) for (int c = 0; c < 3; c++) assertEquals(values[x], rgb.get(c, 0, x));
    }

    @Test
    void sixteenBitPngsAreRoundedToEightBits() throws Exception {
        BufferedImage gray16 = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
        int[] v16 = {65535, 32896, 257 * 7 + 128};   // 255, 128 (=32896/257), 7.498.. -> 7
        for (int x = 0; x < 3; x++) gray16.getRaster().setSample(x, 0, 0, v16[x]);
        Rgb8 g = ImageCodec.read(TestImages.encode(gray16, "png"));
        assertEquals(255, g.get(0, 0, 0));
        assertEquals(128, g.get(1, 0, 1));
        assertEquals(7, g.get(2, 0, 2));

        // 16-bit RGB with alpha: alpha dropped, colours rounded from 16 bits.
        java.awt.image.ComponentColorModel cm = new java.awt.image.ComponentColorModel(
                java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_sRGB), true, false,
                java.awt.Transparency.TRANSLUCENT, java.awt.image.DataBuffer.TYPE_USHORT);
        WritableRaster r = cm.createCompatibleWritableRaster(1, 1);
        r.setPixel(0, 0, new int[] {65535, 0, 257 * 100, 0});      // fully transparent: colour still kept
        Rgb8 rgba = ImageCodec.read(TestImages.encode(new BufferedImage(cm, r, false, null), "png"));
        assertEquals(255, rgba.get(0, 0, 0));
        assertEquals(0, rgba.get(1, 0, 0));
        assertEquals(100, rgba.get(2, 0, 0));
    }

    @Test
    void paletteAndAlphaPngs() throws Exception {
        byte[] red = {(byte) 200, 10, 0};
        byte[] green = {30, (byte) 250, 0};
        byte[] blue = {40, 20, (byte) 255};
        BufferedImage pal = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 3, red, green, blue));
        for (int x = 0; x < 3; x++) pal.getRaster().setSample(x, 0, 0, x);
        Rgb8 p = ImageCodec.read(TestImages.encode(pal, "png"));
        assertEquals(200, p.get(0, 0, 0));
        assertEquals(250, p.get(1, 0, 1));
        assertEquals(255, p.get(2, 0, 2));

        BufferedImage argb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x80112233);
        argb.setRGB(1, 0, 0xff445566);
        Rgb8 a = ImageCodec.read(TestImages.encode(argb, "png"));
        assertEquals(0x11, a.get(0, 0, 0));
        assertEquals(0x22, a.get(1, 0, 0));
        assertEquals(0x66, a.get(2, 0, 1));
    }

    @Test
    void progressiveAndBaselineJpegsDecodeAlike() throws Exception {
        BufferedImage img = TestImages.gradient(48, 40, 3);
        byte[] baseline = jpeg(img, false);
        byte[] progressive = jpeg(img, true);
        Rgb8 b = ImageCodec.read(baseline);
        Rgb8 p = ImageCodec.read(progressive);
        assertSameRgb(img, b, 60);     // lossy, but the same picture
        for (int c = 0; c < 3; c++) for (int y = 0; y < 40; y++) for (int x = 0; x < 48; x++)
            assertEquals(b.get(c, y, x), p.get(c, y, x), 2);
    }

    @Test
    void cmykJpegIsConvertedToRgb() throws Exception {
        // Three 8-px columns of ink: none, full cyan, full black. Stored the Adobe way (inverted: 255 = no ink) in
        // a 4-component JPEG, marked as CMYK by an APP14 "Adobe" segment with transform 0.
        int[][] inks = {{0, 0, 0, 0}, {255, 0, 0, 0}, {0, 0, 0, 255}};
        WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 24, 8, 4, null);
        for (int y = 0; y < 8; y++)
            for (int x = 0; x < 24; x++) {
                int[] ink = inks[x / 8];
                r.setPixel(x, y, new int[] {255 - ink[0], 255 - ink[1], 255 - ink[2], 255 - ink[3]});
            }
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(1f);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            w.setOutput(ios);
            w.write(null, new IIOImage(r, null, null), p);
        } finally {
            w.dispose();
        }
        byte[] raw = out.toByteArray();
        byte[] adobe = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
        byte[] cmyk = new byte[raw.length + adobe.length];
        System.arraycopy(raw, 0, cmyk, 0, 2);                                  // SOI
        System.arraycopy(adobe, 0, cmyk, 2, adobe.length);
        System.arraycopy(raw, 2, cmyk, 2 + adobe.length, raw.length - 2);

        Rgb8 rgb = ImageCodec.read(cmyk);
        for (int c = 0; c < 3; c++) assertTrue(rgb.get(c, 4, 4) >= 235, "no ink is white");
        assertTrue(rgb.get(0, 4, 12) <= 60 && rgb.get(1, 4, 12) >= 150 && rgb.get(2, 4, 12) >= 200, "cyan");
        for (int c = 0; c < 3; c++) assertTrue(rgb.get(c, 4, 20) <= 60, "full black ink is dark");
    }

    @Test
    void regionReadDecodesOnlyThoseRows() throws Exception {
        BufferedImage img = TestImages.gradient(30, 40, 4);
        Rgb8 band = ImageCodec.read(TestImages.encode(img, "png"), new Rectangle(0, 12, 30, 8));
        assertEquals(8, band.height());
        for (int y = 0; y < 8; y++) for (int x = 0; x < 30; x++)
            assertEquals(TestImages.sample(img, 1, x, 12 + y), band.get(1, y, x));
    }

    /**
     * WebP files made from {@link #webpPattern} (12x8 px, written as PPM) by Debian's cwebp 1.2.4:
     * {@code cwebp -lossless -exact} and {@code cwebp -q 90}. Our own synthetic pixels, so fine to embed.
     */
    private static final String WEBP_LOSSLESS =
            "UklGRkYAAABXRUJQVlA4TDoAAAAvC8ABAJkyRPQ/NhHR/4CCtm0YIyl/orsIhsJIJKnxd5fhAf91cDhiApDqhqD7ATcw8BVhAQrCAQAD";
    private static final String WEBP_LOSSY =
            "UklGRpQAAABXRUJQVlA4IIgAAADwAgCdASoMAAgAAMASJbACdLoAkwDpO/KABr/PEBWOAAD+/6ID+SCJ9Sr3+JoxqFu13dq0HicGbSp2zsoXhLzD4xBITXVdZKY97yh9FrOA+mlsddO8m6J/uunn+zfzW35lr2/uv7G/0B/9//lz/EKKIY/9/I8/wWA4bDb/48f/TxDCCc0ncAAA";

    private static int webpPattern(int c, int x, int y) {
        return switch (c) {
            case 0 -> 20 * x % 256;
            case 1 -> 30 * y % 256;
            default -> x * y * 7 % 256;
        };
    }

    @Test
    void webpLosslessAndLossyDecode() throws Exception {
        Rgb8 exact = ImageCodec.read(java.util.Base64.getDecoder().decode(WEBP_LOSSLESS));
        assertEquals(12, exact.width());
        assertEquals(8, exact.height());
        for (int c = 0; c < 3; c++) for (int y = 0; y < 8; y++) for (int x = 0; x < 12; x++)
            assertEquals(webpPattern(c, x, y), exact.get(c, y, x), "pixel " + x + "," + y + " channel " + c);
        Rgb8 lossy = ImageCodec.read(java.util.Base64.getDecoder().decode(WEBP_LOSSY));
        assertEquals(12, lossy.width());
        double error = 0;
        for (int y = 0; y < 8; y++) for (int x = 0; x < 12; x++) error += Math.abs(webpPattern(1, x, y) - lossy.get(1, y, x));
        assertTrue(error / 96 < 12, "mean green error " + error / 96);   // VP8 is lossy but the same picture
    }

    @Test
    void badInputsGiveReasons() throws Exception {
        assertEquals("empty file (0 bytes)", assertThrows(UnusableImage.class, () -> ImageCodec.read(new byte[0])).getMessage());
        assertEquals("not a recognised image format",
                assertThrows(UnusableImage.class, () -> ImageCodec.read("hello".getBytes())).getMessage());
        byte[] png = TestImages.encode(TestImages.gradient(40, 40, 5), "png");
        assertEquals(40, ImageCodec.probe(java.util.Arrays.copyOf(png, png.length / 2)).width);  // header intact
        assertTrue(assertThrows(UnusableImage.class, () -> ImageCodec.read(java.util.Arrays.copyOf(png, png.length / 2)))
                .getMessage().startsWith("cannot decode"));
    }

    @Test
    void sixteenBitScalingRoundsToNearest() {
        assertEquals(255, ImageCodec.to8(65535, 16));
        assertEquals(0, ImageCodec.to8(0, 16));
        assertEquals(128, ImageCodec.to8(32896, 16));
        assertEquals(1, ImageCodec.to8(129, 16));      // 129·255/65535 = 0.502 -> 1
        assertEquals(0, ImageCodec.to8(128, 16));      // 0.498 -> 0
        assertEquals(85, ImageCodec.to8(5, 4));        // 5·255/15 = 85
    }

    private static byte[] jpeg(BufferedImage img, boolean progressive) throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = w.getDefaultWriteParam();
        if (progressive) p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            w.setOutput(ios);
            w.write(null, new IIOImage(img, null, null), p);
        } finally {
            w.dispose();
        }
        return out.toByteArray();
    }
}
