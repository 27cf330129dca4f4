package org.rrlfn.jobs.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A visual comparison like the paper's figures: the same crop of several same-size images (e.g. HR, bicubic,
 * ours) side by side, each enlarged by an integer factor with nearest-neighbour sampling (so pixels stay
 * visible and nothing is smoothed), each labelled underneath.
 */
public final class ComparisonStrip {
    static {
        ChartFiles.headless();
    }

    public static final int GAP = 8;
    public static final int LABEL_HEIGHT = 24;

    /** One image and its caption. */
    public record Panel(String label, BufferedImage image) { }

    private ComparisonStrip() { }

    /** Size: n·(zoom·crop.width) + (n + 1)·GAP wide, zoom·crop.height + LABEL_HEIGHT + 2·GAP high. */
    public static BufferedImage render(List<Panel> panels, Rectangle crop, int zoom) {
        if (panels.isEmpty()) throw new IllegalArgumentException("a comparison strip needs at least one image");
        if (zoom < 1) throw new IllegalArgumentException("zoom must be >= 1, got " + zoom);
        for (Panel p : panels) {
            Rectangle bounds = new Rectangle(0, 0, p.image().getWidth(), p.image().getHeight());
            if (crop.isEmpty() || !bounds.contains(crop))
                throw new IllegalArgumentException("crop " + crop.width + "x" + crop.height + " at (" + crop.x + ", " + crop.y
                        + ") does not fit image '" + p.label() + "' of " + bounds.width + "x" + bounds.height);
        }
        int cw = crop.width * zoom, ch = crop.height * zoom;
        BufferedImage out = new BufferedImage(panels.size() * cw + (panels.size() + 1) * GAP, ch + LABEL_HEIGHT + 2 * GAP,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
            FontMetrics fm = g.getFontMetrics();
            for (int i = 0; i < panels.size(); i++) {
                int x = GAP + i * (cw + GAP);
                g.drawImage(panels.get(i).image(), x, GAP, x + cw, GAP + ch,
                        crop.x, crop.y, crop.x + crop.width, crop.y + crop.height, null);
                String label = panels.get(i).label();
                g.setColor(Color.BLACK);
                g.drawString(label, x + (cw - fm.stringWidth(label)) / 2, GAP + ch + (LABEL_HEIGHT + fm.getAscent()) / 2);
            }
        } finally {
            g.dispose();
        }
        return out;
    }
}
