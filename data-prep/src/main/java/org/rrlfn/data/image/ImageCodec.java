package org.rrlfn.data.image;

import java.awt.Dimension;
import java.awt.Rectangle;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Image files to {@link Rgb8} and back, through ImageIO and the TwelveMonkeys plugins on the class path (JPEG incl.
 * CMYK/YCCK and progressive, TIFF, BMP, WebP; PNG is the JDK's). No codec is written here: this class only maps
 * whatever the decoder returns onto 8-bit sRGB samples.
 */
public final class ImageCodec {
    static {
        ImageIO.scanForPlugins();
        ImageIO.setUseCache(false);   // decode from memory; executors need no writable temp folder for it
    }

    /** Decoder warnings that mean the pixel data is incomplete (the JDK JPEG reader fills the rest with grey). */
    private static final List<String> DAMAGE_WARNINGS = List.of("premature end", "corrupt", "truncat", "end of file");

    private ImageCodec() { }

    /** Width and height from the header alone, without decoding pixels. */
    public static Dimension probe(byte[] file) throws UnusableImage {
        if (file.length == 0) throw new UnusableImage("empty file (0 bytes)");
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(file))) {
            ImageReader reader = readerFor(in);
            try {
                return new Dimension(reader.getWidth(0), reader.getHeight(0));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new UnusableImage("unreadable image header (" + describe(e) + ")", e);
        }
    }

    /** Decodes the whole image. */
    public static Rgb8 read(byte[] file) throws UnusableImage {
        return read(file, null);
    }

    /** Decodes only {@code region} (null = everything): a band of a huge image costs only that band's memory. */
    public static Rgb8 read(byte[] file, Rectangle region) throws UnusableImage {
        if (file.length == 0) throw new UnusableImage("empty file (0 bytes)");
        List<String> damage = new ArrayList<>();
        BufferedImage img;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(file))) {
            ImageReader reader = readerFor(in);
            try {
                reader.addIIOReadWarningListener((source, warning) -> {
                    String w = warning.toLowerCase(Locale.ROOT);
                    if (DAMAGE_WARNINGS.stream().anyMatch(w::contains)) damage.add(warning);
                });
                ImageReadParam param = reader.getDefaultReadParam();
                if (region != null) param.setSourceRegion(region);
                img = reader.read(0, param);
            } finally {
                reader.dispose();
            }
        } catch (UnusableImage e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new UnusableImage("cannot decode (" + describe(e) + ")", e);
        }
        if (!damage.isEmpty()) throw new UnusableImage("damaged image data (" + damage.get(0) + ")");
        return toRgb8(img);
    }

    /** Writes an 8-bit RGB PNG. */
    public static void writePng(Rgb8 image, OutputStream out) throws IOException {
        if (!ImageIO.write(toBufferedImage(image), "png", out)) throw new IOException("no PNG writer registered with ImageIO");
    }

    /** The image as a TYPE_INT_RGB BufferedImage (for ImageIO and charts). */
    public static BufferedImage toBufferedImage(Rgb8 image) {
        BufferedImage img = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        int[] row = new int[image.width()];
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < row.length; x++)
                row[x] = image.get(0, y, x) << 16 | image.get(1, y, x) << 8 | image.get(2, y, x);
            img.setRGB(0, y, row.length, 1, row, 0, row.length);
        }
        return img;
    }

    private static ImageReader readerFor(ImageInputStream in) throws UnusableImage {
        if (in == null) throw new UnusableImage("cannot open as an image stream");
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) throw new UnusableImage("not a recognised image format");
        ImageReader reader = readers.next();
        reader.setInput(in, true, true);
        return reader;
    }

    /**
     * Maps decoded pixels to 8-bit sRGB. Gray and sRGB component images are read from the raster as stored
     * (BufferedImage.getRGB would treat gray as linear and brighten it), scaled from their bit depth; alpha is
     * dropped, as PIL's and OpenCV's RGB conversions do. Palette, packed and other colour spaces (e.g. CMYK that
     * the decoder left as such) go through the colour model's own sRGB conversion.
     */
    static Rgb8 toRgb8(BufferedImage img) {
        ColorModel cm = img.getColorModel();
        ColorSpace cs = cm.getColorSpace();
        int w = img.getWidth();
        int h = img.getHeight();
        Rgb8 out = Rgb8.blank(w, h);
        Raster r = img.getRaster();
        if (cm instanceof ComponentColorModel && (cs.getType() == ColorSpace.TYPE_GRAY || cs.isCS_sRGB())) {
            boolean gray = cs.getType() == ColorSpace.TYPE_GRAY;
            for (int c = 0; c < 3; c++) {
                int band = gray ? 0 : c;
                int bits = cm.getComponentSize(band);
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++) out.set(c, y, x, to8(r.getSample(x, y, band), bits));
            }
            return out;
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                out.set(0, y, x, row[x] >> 16 & 0xff);
                out.set(1, y, x, row[x] >> 8 & 0xff);
                out.set(2, y, x, row[x] & 0xff);
            }
        }
        return out;
    }

    /** Rescales a {@code bits}-bit sample to 8 bits, rounding to nearest (65535 -> 255, 32896 -> 128). */
    static int to8(int sample, int bits) {
        if (bits == 8) return sample;
        long max = (1L << bits) - 1;
        return (int) ((sample * 255L * 2 + max) / (2 * max));
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = e.getMessage();
        String rm = root.getMessage();
        String top = e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
        return root == e ? top : top + "; " + root.getClass().getSimpleName() + (rm == null ? "" : ": " + rm);
    }
}
