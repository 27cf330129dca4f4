package org.rrlfn.jobs.train.averaging;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The TCP sockets this JVM listens on, as Linux lists them (/proc): what a stranger on the network can reach. */
final class ListeningSockets {
    private static final String LISTEN = "0A";

    private ListeningSockets() { }

    /** Port to local IPv4 address (dotted; "::" style for IPv6) of every listening socket among this process's fds. */
    static Map<Integer, String> ofThisProcess() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) inodes.add(target.substring(8, target.length() - 1));
                } catch (IOException closedMeanwhile) {
                    // the directory stream's own descriptor, or one closed while we read
                }
            }
        }
        Map<Integer, String> out = new TreeMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (!f[3].equals(LISTEN) || !inodes.contains(f[9])) continue;
                String[] local = f[1].split(":");
                out.put(Integer.parseInt(local[1], 16), address(local[0]));
            }
        }
        return out;
    }

    /** /proc's hex address: IPv4 as four little-endian bytes; IPv6 left in hex (only its all-zero form matters). */
    private static String address(String hex) {
        if (hex.length() != 8) return hex.matches("0+") ? "::" : hex;
        long v = Long.parseLong(hex, 16);
        return (v & 0xff) + "." + (v >> 8 & 0xff) + "." + (v >> 16 & 0xff) + "." + (v >> 24 & 0xff);
    }
}
