package org.rrlfn.jobs.train.averaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.jobs.LocalSpark;
import scala.collection.Iterator;
import scala.reflect.ClassTag$;
import scala.reflect.ClassTag;
import scala.runtime.AbstractFunction1;

/**
 * The stage's process group on its own: barrier tasks on local[2] rendezvous through Spark's allGather, and each
 * array becomes the mean of the ranks' arrays, in place, twice in a row (a second round over the same group). A
 * group of one changes nothing.
 */
class WorkerGroupTest {
    private static final ClassTag<float[]> FLOATS = ClassTag$.MODULE$.apply(float[].class);

    /** Rank r holds (r + 1) · [1, 2, 3] and r · [10, 20]; averages both, then averages the first again. */
    static final class AverageTwice extends AbstractFunction1<Iterator<Integer>, Iterator<float[]>>
            implements Serializable {
        @Override
        public Iterator<float[]> apply(Iterator<Integer> ignored) {
            BarrierTaskContext ctx = BarrierTaskContext.get();
            int rank = ctx.partitionId();
            INDArray a = Nd4j.createFromArray(1f, 2f, 3f).muli(rank + 1);
            INDArray b = Nd4j.createFromArray(10f, 20f).muli(rank);
            try (WorkerGroup group = WorkerGroup.join(ctx, "127.0.0.1")) {
                group.average(a, b);
                a.muli(rank + 1);   // ranks differ again
                group.average(a);
            }
            float[] out = new float[5];
            System.arraycopy(a.toFloatVector(), 0, out, 0, 3);
            System.arraycopy(b.toFloatVector(), 0, out, 3, 2);
            return scala.collection.Iterator$.MODULE$.single(out);
        }
    }

    private static List<float[]> run(JavaSparkContext sc, int ranks) {
        return JavaRDD.fromRDD(sc.parallelize(List.of(0, 1).subList(0, ranks), ranks).rdd().barrier()
                .mapPartitions(new AverageTwice(), false, FLOATS), FLOATS).collect();
    }

    @Test
    void twoRanksHoldTheMeanOfTheirArraysAfterEachAllReduce() {
        try (JavaSparkContext sc = LocalSpark.start("worker-group", "local[2]")) {
            List<float[]> out = run(sc, 2);
            assertEquals(2, out.size());
            // First: a = 1.5 · [1, 2, 3], b = 0.5 · [10, 20] on both; then a · (r + 1) averaged: 1.5 · a.
            float[] expected = {2.25f, 4.5f, 6.75f, 5f, 10f};
            for (float[] rank : out) assertArrayEquals(expected, rank, 1e-6f);
        }
    }

    @Test
    void aGroupOfOneLeavesItsArraysAsTheyAre() {
        try (JavaSparkContext sc = LocalSpark.start("worker-group-one", "local[1]")) {
            assertArrayEquals(new float[]{1f, 2f, 3f, 0f, 0f}, run(sc, 1).get(0));
        }
    }
}
