package org.rrlfn.jobs.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A GitHub-flavoured Markdown table whose columns line up in plain text too (reports are read in both). */
public final class MarkdownTable {
    public enum Align { LEFT, RIGHT }

    private final List<String> headers;
    private final List<Align> aligns;
    private final List<List<String>> rows = new ArrayList<>();

    public MarkdownTable(List<String> headers, List<Align> aligns) {
        if (headers.size() != aligns.size())
            throw new IllegalArgumentException(headers.size() + " headers but " + aligns.size() + " alignments");
        this.headers = List.copyOf(headers);
        this.aligns = List.copyOf(aligns);
    }

    /** Cells are rendered with {@code String.valueOf}; format numbers before adding them. */
    public MarkdownTable add(Object... cells) {
        if (cells.length != headers.size())
            throw new IllegalArgumentException("row " + Arrays.toString(cells) + " has " + cells.length + " cells, the table "
                    + headers.size() + " columns");
        rows.add(Arrays.stream(cells).map(c -> String.valueOf(c).replace("|", "\\|")).toList());
        return this;
    }

    public String render() {
        int[] width = new int[headers.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = Math.max(3, headers.get(c).length());   // '---' is Markdown's shortest separator
            for (List<String> r : rows) width[c] = Math.max(width[c], r.get(c).length());
        }
        StringBuilder sb = new StringBuilder();
        line(sb, headers, width);
        List<String> separators = new ArrayList<>();
        for (int c = 0; c < width.length; c++)
            separators.add(aligns.get(c) == Align.RIGHT ? "-".repeat(width[c] - 1) + ":" : "-".repeat(width[c]));
        line(sb, separators, width);
        for (List<String> r : rows) line(sb, r, width);
        return sb.toString();
    }

    private void line(StringBuilder sb, List<String> cells, int[] width) {
        sb.append('|');
        for (int c = 0; c < width.length; c++) {
            String cell = cells.get(c), pad = " ".repeat(width[c] - cell.length());
            sb.append(' ').append(aligns.get(c) == Align.RIGHT ? pad + cell : cell + pad).append(" |");
        }
        sb.append('\n');
    }

    @Override public String toString() { return render(); }
}
