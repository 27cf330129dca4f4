package org.rrlfn.common.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.deploy.DeployMessages;
import org.apache.spark.deploy.master.WorkerInfo;
import org.apache.spark.network.util.JavaUtils;
import org.apache.spark.rpc.RpcAddress;
import org.apache.spark.rpc.RpcEndpointRef;
import org.apache.spark.rpc.RpcTimeout;
import org.rrlfn.common.UserError;
import scala.concurrent.duration.FiniteDuration;
import scala.reflect.ClassTag$;

/**
 * Fail fast when a cluster cannot host the job: right after the context starts on a cluster master, wait for the
 * first executor to register (Spark itself would wait forever, warning only once a job is submitted and only in
 * the driver's log). Past the limit, stop the context and say what was asked for and, on a standalone master, what
 * every worker offers (the master's own state, as its web UI's /json shows it).
 */
public final class ExecutorWait {
    /** No executor registered in time: the message names the requested and offered resources. */
    public static final class NoExecutors extends UserError {
        public NoExecutors(String message) {
            super(message);
        }
    }

    private ExecutorWait() { }

    /** Returns once an executor is registered; throws {@link NoExecutors} (context stopped) after {@code seconds}. */
    public static void await(JavaSparkContext sc, int seconds) {
        String master = sc.getConf().get("spark.master");
        if (seconds <= 0 || master.startsWith("local")) return;
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (executors(sc) > 0) return;
            if (sc.sc().isStopped()) {
                // Spark gave up by itself (e.g. "All masters are unresponsive"): no point waiting on.
                throw new NoExecutors(String.format(Locale.ROOT, "Spark stopped before any executor registered with %s "
                        + "(is the master running? see the lines above)", master));
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (executors(sc) > 0) return;
        String message = message(sc.getConf(), seconds, master.startsWith("spark://") ? offers(master) : null);
        sc.stop();
        throw new NoExecutors(message);
    }

    /** Registered executors (the status tracker lists the driver too). */
    static int executors(JavaSparkContext sc) {
        return Math.max(0, sc.sc().statusTracker().getExecutorInfos().length - 1);
    }

    static String message(SparkConf conf, int seconds, String offers) {
        String master = conf.get("spark.master");
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "no executor registered with %s within %d s (rrlfn.spark.executor-wait-seconds).%n",
                master, seconds));
        long memory = mib(conf.get("spark.executor.memory", "1g"));
        String cores = conf.contains("spark.executor.cores") ? conf.get("spark.executor.cores") + " core(s)"
                : master.startsWith("spark://") ? "all free cores of a worker, at least 1 (spark.executor.cores unset)"
                : "1 core (spark.executor.cores unset)";
        b.append(String.format(Locale.ROOT, "  requested per executor: %s, %d MiB memory (spark.executor.memory)", cores, memory));
        if (conf.contains("spark.executor.memoryOverhead"))
            b.append(String.format(Locale.ROOT, " + %d MiB overhead (spark.executor.memoryOverhead; counted by YARN and Kubernetes)",
                    mib(conf.get("spark.executor.memoryOverhead"))));
        if (conf.contains("spark.executor.instances")) b.append(", ").append(conf.get("spark.executor.instances")).append(" executors");
        if (conf.contains("spark.cores.max")) b.append(", spark.cores.max ").append(conf.get("spark.cores.max"));
        b.append(String.format("%n"));
        if (offers != null) {
            b.append(offers);
        } else {
            b.append(String.format("  offered: see the cluster manager (YARN ResourceManager, Kubernetes) for free capacity%n"));
        }
        b.append("Ask for less (spark.executor.memory / spark.executor.cores in cluster-conf/spark-defaults.conf, "
                + "or --conf) or give the workers more.");
        return b.toString();
    }

    /** What each worker of a standalone master offers, read from the master itself; a note when it cannot be read. */
    static String offers(String master) {
        StringBuilder b = new StringBuilder();
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            String url = "spark://" + hostPort;
            try {
                if (SparkEnv.get() == null) throw new IllegalStateException("Spark has stopped");
                RpcEndpointRef ref = SparkEnv.get().rpcEnv().setupEndpointRef(RpcAddress.fromSparkURL(url), "Master");
                RpcTimeout timeout = new RpcTimeout(FiniteDuration.apply(10, "s"), "rrlfn.spark.executor-wait-seconds");
                DeployMessages.MasterStateResponse state = ref.askSync(DeployMessages.RequestMasterState$.MODULE$, timeout,
                        ClassTag$.MODULE$.apply(DeployMessages.MasterStateResponse.class));
                List<String> lines = new ArrayList<>();
                for (WorkerInfo w : state.workers()) {
                    if (!"ALIVE".equals(String.valueOf(w.state()))) continue;
                    lines.add(String.format(Locale.ROOT, "    worker %s: %d core(s) (%d free), %d MiB memory (%d MiB free)",
                            w.hostPort(), w.cores(), w.coresFree(), w.memory(), w.memoryFree()));
                }
                b.append(String.format(Locale.ROOT, "  offered by the master %s (status %s): %d alive worker(s)%s%n", url,
                        state.status(), lines.size(), lines.isEmpty() ? "" : ":"));
                for (String l : lines) b.append(l).append(System.lineSeparator());
            } catch (RuntimeException e) {
                b.append(String.format("  offered: the master %s did not report its workers (%s); see its web UI%n", url, e));
            }
        }
        return b.toString();
    }

    static long mib(String size) {
        return JavaUtils.byteStringAsMb(size);
    }
}
