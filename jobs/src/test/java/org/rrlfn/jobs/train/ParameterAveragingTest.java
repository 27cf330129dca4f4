package org.rrlfn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.jobs.LocalSpark;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnModels;

/** One Spark averaging round must equal averaging two independently trained copies by hand. */
class ParameterAveragingTest {
    @TempDir File dir;

    @Test
    void oneRoundWithTwoWorkersIsTheMeanOfTwoIndependentCopies() throws Exception {
        RrlfnConfig arch = RrlfnConfig.paper(2).withWidth(8, 1, 4);
        ComputationGraph master = RrlfnModels.create(arch, 5, RrlfnModels.adam(1e-3), DataType.FLOAT);
        INDArray start = master.params().dup();

        // Worker 1 gets shards a1, a2; worker 2 gets b1, b2 (one partition each, no repartitioning).
        Nd4j.getRandom().setSeed(42);
        List<DataSet> batches = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            DataSet d = new DataSet(Nd4j.rand(DataType.FLOAT, 3, 3, 16, 16), Nd4j.rand(DataType.FLOAT, 3, 3, 32, 32));
            File f = new File(dir, "shard-" + i + ".ds");
            try (OutputStream out = new FileOutputStream(f)) { d.save(out); }
            batches.add(d);
            paths.add(f.toURI().toString());
        }

        ComputationGraph[] copies = new ComputationGraph[2];
        for (int w = 0; w < 2; w++) {
            copies[w] = RrlfnModels.create(arch, 5, RrlfnModels.adam(1e-3), DataType.FLOAT);
            copies[w].setParams(start.dup());
            copies[w].fit(batches.get(2 * w));
            copies[w].fit(batches.get(2 * w + 1));
        }
        INDArray expectedParams = copies[0].params().add(copies[1].params()).divi(2);
        INDArray expectedAdam = copies[0].getUpdater().getStateViewArray().add(copies[1].getUpdater().getStateViewArray()).divi(2);

        ParameterAveragingTrainingMaster tm = new ParameterAveragingTrainingMaster.Builder(2, 3)
                .batchSizePerWorker(3).averagingFrequency(2).workerPrefetchNumBatches(0).saveUpdater(true)
                .repartionData(Repartition.Never).build();
        try (JavaSparkContext sc = LocalSpark.start("averaging-test")) {
            SparkComputationGraph spark = new SparkComputationGraph(sc, master, tm);
            spark.fitPaths(sc.parallelize(paths, 2));
        }
        double moved = master.params().sub(start).amaxNumber().doubleValue();
        double paramDiff = master.params().sub(expectedParams).amaxNumber().doubleValue();
        double adamDiff = master.getUpdater().getStateViewArray().sub(expectedAdam).amaxNumber().doubleValue();
        assertTrue(moved > 1e-4, "training must move the parameters, moved " + moved);
        assertTrue(paramDiff < 1e-5, "max |spark - mean of copies| = " + paramDiff);
        assertTrue(adamDiff < 1e-6, "Adam state must be averaged too, max diff " + adamDiff);
    }
}
