package org.rrlfn.jobs.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.rrlfn.common.files.LocalFiles;

/** PNG output of charts and images. Report jobs run on servers without a display, so AWT is made headless. */
public final class ChartFiles {
    static {
        headless();
    }

    private ChartFiles() { }

    /** Must run before AWT first asks for a display; every report class calls it from its static initializer. */
    static void headless() {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    public static void png(JFreeChart chart, Path file, int width, int height) throws IOException {
        LocalFiles.write(file, out -> ChartUtils.writeChartAsPNG(out, chart, width, height));
    }

    public static void png(BufferedImage image, Path file) throws IOException {
        LocalFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) throw new IOException(file + ": no PNG writer for this image type");
        });
    }
}
