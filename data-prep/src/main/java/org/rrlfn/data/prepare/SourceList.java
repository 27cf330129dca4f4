package org.rrlfn.data.prepare;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * An input folder's {@code _sources.tsv}: where each photo came from and under which licence, one row per image
 * after a header naming the columns. Copied into the manifest so a prepared set carries its provenance. The leading
 * underscore keeps it out of the image listing, as Hadoop hides such names.
 */
final class SourceList {
    static final String NAME = "_sources.tsv";

    private SourceList() { }

    /** The rows as column → value maps; empty when the input is not a folder or has no such file. */
    static List<Map<String, String>> read(String input, Configuration hadoop) throws IOException {
        Path file = new Path(input, NAME);
        FileSystem fs = file.getFileSystem(hadoop);
        if (!fs.isFile(file)) return List.of();
        List<Map<String, String>> rows = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
            String header = in.readLine();
            if (header == null) throw new PrepareFailed(file + " is empty: expected a header line naming its columns");
            String[] columns = header.split("\t", -1);
            int n = 1;
            for (String line; (line = in.readLine()) != null; ) {
                n++;
                if (line.isBlank()) continue;
                String[] f = line.split("\t", -1);
                if (f.length != columns.length)
                    throw new PrepareFailed(file + " line " + n + ": " + f.length + " tab-separated fields, the header has "
                            + columns.length);
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < f.length; i++) row.put(columns[i], f[i]);
                rows.add(row);
            }
        }
        return rows;
    }
}
