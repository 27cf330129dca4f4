package org.rrlfn.model.arch;

/** Parameter naming scheme shared by the layout, the graph and the fusion. */
public final class Names {
    public static final String HEAD = "head";
    public static final String BODY = "body";
    public static final String UP = "up";

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
}
