package org.rrlfn.model.arch;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parameter naming scheme shared by the layout, the graph and the fusion. */
public final class Names {
    public static final String HEAD = "head";
    public static final String BODY = "body";
    public static final String UP = "up";
    private static final Pattern BLOCK_PART = Pattern.compile("b(\\d+)\\.(.+)");

    private Names() { }

    public static String block(int i) { return "b" + i; }
    /** RM_r of block i (r = 1..3), the paper's refinement modules. */
    public static String rep(int i, int r) { return block(i) + ".rm" + r; }
    public static String blockConv(int i) { return block(i) + ".c5"; }
    public static String esa(int i, String conv) { return block(i) + ".esa." + conv; }

    public static String branch3(String rep) { return rep + ".k3"; }
    public static String branch1(String rep) { return rep + ".k1"; }

    public static String weight(String conv) { return conv + ".W"; }
    public static String bias(String conv) { return conv + ".b"; }

    /** Where a conv sits, as messages name it: "head", "block 3 RM2", "block 3 ESA conv_f", "body", "upsampler". */
    public static String place(String conv) {
        Matcher m = BLOCK_PART.matcher(conv);
        if (!m.matches()) return conv.equals(UP) ? "upsampler" : conv;
        String part = m.group(2).replace("rm", "RM").replace("esa.", "ESA ").replace("convf", "conv_f").replace("c5", "1x1 conv");
        return "block " + (Integer.parseInt(m.group(1)) + 1) + " " + part;
    }
}
