package org.rrlfn.jobs.sweep;

import java.io.IOException;

/** Trains sweep trials for the ASHA scheduler: the real one runs `train`; tests give a score curve per configuration. */
public interface TrialRunner {
    /** What a trial measured on the validation split when it reached a rung. */
    record RungResult(double psnr, double bicubicPsnr, double seconds) { }

    /**
     * Trains trial {@code trial} until it has taken {@code steps} training steps in all, continuing from where it
     * stopped before (a promoted trial resumes its checkpoint), and validates it there. Called from several threads at
     * once for different trials.
     */
    RungResult train(int trial, long steps) throws IOException;
}
