/**
 * Upscaling an image tile by tile through one loaded network ({@link org.rrlfn.jobs.inference.TileEngine}: DL4J or
 * ONNX Runtime), row by row into a sink: what training's validation, evaluation and bulk upscaling share.
 */
package org.rrlfn.jobs.inference;
