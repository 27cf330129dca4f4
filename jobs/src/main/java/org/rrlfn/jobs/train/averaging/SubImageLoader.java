package org.rrlfn.jobs.train.averaging;

import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.nd4j.common.loader.Source;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.common.spark.HadoopConf;
import org.rrlfn.data.sampling.BatchRecipe;
import org.rrlfn.data.sampling.CropSampler;

/**
 * Draws samples on the worker, behind DL4J's loader interface: the barrier path ships it once per stage
 * and its ranks call {@link #load} for each of their recipes ({@link RankTrainer}); on the dl4j path
 * {@code SparkComputationGraph.fitPaths(paths, loader)} serializes it into each round's tasks and dl4j-spark's
 * {@code PathSparkDataSetIterator} calls it. Our "paths" are {@link BatchRecipe}s; the sub-images are read and
 * cropped here, on the worker, so the driver ships only strings and no sample is fixed in advance.
 */
public final class SubImageLoader implements DataSetLoader {
    private static final long serialVersionUID = 1L;

    private final CropSampler sampler;
    private final HadoopConf conf;
    private transient FileSystem fs;

    public SubImageLoader(CropSampler sampler, HadoopConf conf) {
        this.sampler = sampler;
        this.conf = conf;
    }

    @Override
    public DataSet load(Source source) throws IOException {
        BatchRecipe recipe = BatchRecipe.parse(source.getPath());
        if (fs == null) fs = new org.apache.hadoop.fs.Path(recipe.trainDir()).getFileSystem(conf.get());
        CropSampler.Batch b = sampler.sample(fs, recipe);
        return new DataSet(Nd4j.create(b.lr(), new long[] {b.size(), 3, b.lrSide(), b.lrSide()}, 'c'),
                Nd4j.create(b.hr(), new long[] {b.size(), 3, b.hrSide(), b.hrSide()}, 'c'));
    }
}
