package org.rrlfn.model.profile;

/** The network piece an op belongs to, from its type, its output's rank and the weights it reads. */
final class OpRoles {
    private OpRoles() { }

    static String of(OpTimes.OpRecord r) {
        String t = r.type.endsWith("_bp") ? r.type.substring(0, r.type.length() - 3) : r.type;
        return switch (t) {
            case "conv2d" -> r.param.contains(".esa.") ? "ESA convolutions" : "trunk convolutions (RepConv, 1x1, head, body, up)";
            case "matmul" -> "ESA bilinear resize: matmul";
            case "maxpool2d" -> "ESA max pool";
            case "sigmoid" -> "ESA sigmoid";
            // Only the pixel shuffle works on 6-D arrays ([N, H, W, C, r, r]).
            case "permute", "reshape" -> r.outputRank == 6
                    ? "pixel shuffle (6-D reshape/permute)" : "reshape / permute (kernel layout, NCHW/NHWC at the edges, resize)";
            default -> "other: " + r.type;
        };
    }
}
