package org.rrlfn.data.sampling;

import java.io.Serializable;

/**
 * How training draws a sample from a sub-image: HR crop side, augmentation probabilities, seed. Serializable: it
 * travels to the workers inside the loader.
 *
 * @param hrPatch                   HR crop side in pixels, a multiple of the scale (LR side = hrPatch / scale)
 * @param flipRotateProbability     probability of one of the 8 rotations/flips (uniform, identity included)
 * @param channelShuffleProbability probability of one of the 6 RGB permutations (uniform, identity included)
 */
public record SampleSettings(int hrPatch, double flipRotateProbability, double channelShuffleProbability, long seed)
        implements Serializable { }
