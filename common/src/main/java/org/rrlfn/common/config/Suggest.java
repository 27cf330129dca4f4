package org.rrlfn.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;

/**
 * "Did you mean" for mistyped keys, options and commands: the sibling key at the smallest edit distance, else a key of the same name
 * elsewhere (workers=2 for train.workers=2), else the keys known at that level.
 */
public final class Suggest {
    private Suggest() { }

    static String closest(String key, ConfigObject siblings, String parent, Config reference) {
        String leaf = key.substring(key.lastIndexOf('.') + 1);
        int limit = Math.max(2, leaf.length() / 3);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : siblings == null ? java.util.Set.<String>of() : siblings.keySet()) {
            int d = distance(leaf, candidate);
            if (d < bestDistance) { bestDistance = d; best = candidate; }
        }
        if (bestDistance <= limit) return "; did you mean '" + parent + "." + best + "'?";
        String elsewhere = null;
        int elsewhereDistance = Integer.MAX_VALUE;
        for (String path : reference.entrySet().stream().map(java.util.Map.Entry::getKey).sorted().toList()) {
            int d = distance(leaf, path.substring(path.lastIndexOf('.') + 1));
            if (d < elsewhereDistance && path.startsWith(Settings.ROOT + ".")) { elsewhereDistance = d; elsewhere = path; }
        }
        if (elsewhereDistance <= Math.min(1, limit)) return "; did you mean '" + elsewhere + "'?";
        return siblings == null || siblings.isEmpty() ? "" : "; known keys here: " + String.join(", ", siblings.keySet());
    }

    /** The candidate nearest to {@code word}, if it is within the edit distance a typo makes (a third of it, at least 2). */
    public static java.util.Optional<String> nearest(String word, java.util.Collection<String> candidates) {
        int limit = Math.max(2, word.length() / 3);
        return candidates.stream().filter(c -> distance(word, c) <= limit)
                .min(java.util.Comparator.comparingInt(c -> distance(word, c)));
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }
}
