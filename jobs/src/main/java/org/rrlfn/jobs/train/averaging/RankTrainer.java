package org.rrlfn.jobs.train.averaging;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.lang3.SerializationUtils;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.common.loader.Source;
import org.nd4j.linalg.dataset.DataSet;
import org.rrlfn.common.DaemonThreads;
import org.rrlfn.common.spark.HadoopConf;
import org.rrlfn.model.dl4j.FlatGradientUpdate;

/**
 * One rank's network, loader and read-ahead thread on an executor, built once per stage by its task
 * ({@link BarrierWorker}). It fits its recipes in order, drawing the next minibatches on its own thread while the
 * current one trains, and all-reduces with the other ranks ({@link WorkerGroup}).
 */
public final class RankTrainer implements AutoCloseable {
    private final ComputationGraph net;
    private final DataSetLoader loader;
    private final HadoopConf hadoop;
    private final int prefetch;
    private final ExecutorService reader;

    private RankTrainer(ComputationGraph net, DataSetLoader loader, HadoopConf hadoop, int prefetch) {
        this.net = net;
        this.loader = loader;
        this.hadoop = hadoop;
        this.prefetch = prefetch;
        this.reader = Executors.newSingleThreadExecutor(DaemonThreads.named("rrlfn-worker-reader"));
    }

    /**
     * A network of the stage's configuration with its own loader: in local mode the broadcast value is the driver's
     * own object, shared by every slot of the JVM, so both are copied.
     */
    static RankTrainer build(WorkerSetup s) {
        ComputationGraph g = new ComputationGraph(s.configuration().clone());
        g.init();
        FlatGradientUpdate.on(g);
        return new RankTrainer(g, SerializationUtils.clone(s.loader()), s.hadoop(), s.prefetch());
    }

    void load(WorkerState state) { state.applyTo(net); }

    WorkerState state() { return WorkerState.of(net); }

    /** Replaces the network's parameters and Adam state by their mean over the group's ranks. */
    void allReduce(WorkerGroup group) {
        group.average(net.params(), net.getUpdater().getStateViewArray());
    }

    /**
     * From now on each step's gradient is replaced by its mean over the group's ranks before the updater applies it
     * (DL4J calls a listener's onGradientCalculation between the backward pass and the update), so the ranks' equal
     * minibatches act as one minibatch of their union.
     */
    void allReduceGradients(WorkerGroup group) {
        net.addListeners(new BaseTrainingListener() {
            @Override
            public void onGradientCalculation(Model model) {
                group.average(net.getGradientsViewArray());
            }
        });
    }

    double score() { return net.score(); }

    /** Fits one minibatch per recipe, in order; returns each step as the updater applied it. */
    List<WorkerSteps.Step> fit(int slot, List<String> recipes, List<TrainingHook> hooks) throws IOException {
        List<Future<DataSet>> ahead = new ArrayList<>();
        List<WorkerSteps.Step> steps = new ArrayList<>();
        try {
            for (int i = 0; i < recipes.size(); i++) {
                while (ahead.size() < Math.min(recipes.size(), i + 1 + prefetch)) {
                    String recipe = recipes.get(ahead.size());
                    ahead.add(reader.submit(() -> loader.load(new HadoopSource(recipe, hadoop))));
                }
                DataSet minibatch = take(ahead.get(i));
                ahead.set(i, null);
                int iteration = net.getConfiguration().getIterationCount();
                double lr = WorkerSteps.learningRate(net);
                for (TrainingHook h : hooks) h.preUpdate(minibatch, net);
                long t0 = System.nanoTime();
                net.fit(minibatch);
                double ms = (System.nanoTime() - t0) / 1e6;
                for (TrainingHook h : hooks) h.postUpdate(minibatch, net);
                steps.add(new WorkerSteps.Step(slot, iteration, lr, ms));
            }
            return steps;
        } finally {
            for (Future<DataSet> f : ahead) if (f != null) f.cancel(true);
        }
    }

    private static DataSet take(Future<DataSet> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while drawing a minibatch", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IOException(e.getCause());
        }
    }

    /** Stops the reader and frees the network's native memory at once (ND4J's arrays live outside the heap). */
    @Override
    public void close() {
        reader.shutdownNow();
        net.close();
    }

    /** A recipe or file path for a loader; opened through Hadoop only if the loader reads it as a file. */
    public record HadoopSource(String getPath, HadoopConf hadoop) implements Source {
        @Override
        public InputStream getInputStream() throws IOException {
            Path p = new Path(getPath);
            return p.getFileSystem(hadoop.get()).open(p);
        }
    }
}
