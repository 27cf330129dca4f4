package org.rrlfn.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.jobs.Docs;
import org.rrlfn.jobs.SyntheticPhotos;
import org.rrlfn.jobs.train.run.RunLayout;

/**
 * Spark on a real YARN: an in-process HDFS (MiniDFSCluster) and YARN (MiniYARNCluster: a ResourceManager and a
 * NodeManager that launches every container as its own JVM) on 127.0.0.1. The uber jar is submitted with
 * cluster-conf/submit.sh in client mode and cluster-conf/yarn.conf, as docs/cluster.md shows, with
 * only the overrides that shrink yarn.conf's executors and schedule to this machine: prepare from HDFS to HDFS, then
 * one short training stage whose averaging rounds run in YARN containers.
 */
class YarnClusterIT {
    /** The YARN commands of docs/cluster.md (README shows the second); the test appends overrides that fit this 2-core machine. */
    static final String PREPARE = "cluster-conf/submit.sh yarn prepare --config cluster-conf/yarn.conf "
            + "--input hdfs:///rrlfn/photos --output hdfs:///rrlfn/prepared";
    static final String TRAIN = "cluster-conf/submit.sh yarn train --config cluster-conf/yarn.conf";
    /** Two 1-core executors of 2g + 1g overhead instead of yarn.conf's eight of 2 cores and 2g + 10g. */
    static final String SMALL_EXECUTORS = " 'spark.conf.\"spark.executor.instances\"=2'"
            + " 'spark.conf.\"spark.executor.cores\"=1' 'spark.conf.\"spark.executor.memoryOverhead\"=1g'";

    @TempDir static File dir;
    private static MiniDFSCluster hdfs;
    private static MiniYARNCluster yarn;
    private static Map<String, String> env;

    @BeforeAll
    static void startYarn() throws Exception {
        Configuration conf = new YarnConfiguration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, new File(dir, "hdfs").getAbsolutePath());
        conf.set("dfs.namenode.rpc-address", "127.0.0.1:0");
        hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        hdfs.waitActive();
        conf.set("fs.defaultFS", "hdfs://127.0.0.1:" + hdfs.getNameNodePort());
        conf.set(YarnConfiguration.RM_HOSTNAME, "127.0.0.1");
        conf.set(YarnConfiguration.NM_ADDRESS, "127.0.0.1:0");
        // Room for the application master (1 GiB) and two executors of 3 GiB: what YARN accounts, not what they use.
        // (MiniYARNCluster sizes its NodeManagers from the minicluster key, 4 GiB unless set.)
        conf.setInt(YarnConfiguration.NM_PMEM_MB, 8192);
        conf.setInt(YarnConfiguration.YARN_MINICLUSTER_NM_PMEM_MB, 8192);
        conf.setInt(YarnConfiguration.NM_VCORES, 4);
        conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
        conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        conf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 99.0f);
        // The capacity scheduler's one queue (the minicluster jar ships no capacity-scheduler.xml); an application
        // master may take half the cluster (the default 10 % of 8 GiB holds no 1 GiB AM).
        conf.set("yarn.scheduler.capacity.root.queues", "default");
        conf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
        conf.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
        conf.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
        conf.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
        conf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
        conf.set("yarn.scheduler.capacity.root.default.acl_administer_queue", "*");
        conf.setFloat("yarn.scheduler.capacity.maximum-am-resource-percent", 0.5f);
        conf.setInt("yarn.scheduler.capacity.node-locality-delay", -1);
        yarn = new MiniYARNCluster("rrlfn", 1, 1, 1);
        yarn.init(conf);
        yarn.start();
        // The client configuration a user's HADOOP_CONF_DIR holds: the ResourceManager's real ports and the HDFS.
        File confDir = new File(dir, "hadoop-conf");
        Files.createDirectories(confDir.toPath());
        // Only the ResourceManager's addresses (its real ports): the minicluster's own configuration carries
        // test-only settings (e.g. a static rack mapping) that do not belong in a client's.
        Configuration client = new Configuration(false);
        for (Map.Entry<String, String> e : yarn.getConfig()) {
            if (e.getKey().startsWith("yarn.resourcemanager.") && e.getKey().endsWith("address"))
                client.set(e.getKey(), yarn.getConfig().get(e.getKey()));
        }
        try (OutputStream out = new FileOutputStream(new File(confDir, "yarn-site.xml"))) {
            client.writeXml(out);
        }
        Files.writeString(new File(confDir, "core-site.xml").toPath(), "<configuration><property><name>fs.defaultFS</name>"
                + "<value>hdfs://127.0.0.1:" + hdfs.getNameNodePort() + "</value></property></configuration>",
                StandardCharsets.UTF_8);
        env = Map.of("HADOOP_CONF_DIR", confDir.getAbsolutePath());

        File photos = new File(dir, "photos");
        SyntheticPhotos.write(photos, 6, 192, 160, 7);
        FileSystem fs = hdfs.getFileSystem();
        fs.copyFromLocalFile(new Path(photos.getAbsolutePath()), new Path("/rrlfn/photos"));
    }

    @AfterAll
    static void stopYarn() {
        if (yarn != null) yarn.stop();
        if (hdfs != null) hdfs.shutdown(true);
    }

    @Test
    void prepareThenOneTrainingStageOnYarnWithDataOnHdfs() throws Exception {
        assertTrue(Docs.blockWith("docs/cluster.md", "cluster-conf/submit.sh yarn").containsAll(List.of(PREPARE, TRAIN)),
                "docs/cluster.md shows the YARN commands this test runs");
        assertTrue(Docs.blockWith("README.md", "cluster-conf/submit.sh yarn").contains(TRAIN), "so does README.md");

        Shell.Result prep = Shell.bash(PREPARE + " prepare.sub-image-size=96 prepare.sub-image-step=48"
                + " prepare.validation-images=1 prepare.test-images=1 prepare.scales=[2]" + SMALL_EXECUTORS, env, null);
        assertEquals(0, prep.exit(), prep.text());
        assertTrue(prep.text().contains("prepare: done"), "prepare's progress reached the console\n" + prep.text());
        FileSystem fs = hdfs.getFileSystem();
        assertTrue(fs.isFile(new Path("/rrlfn/prepared/manifest.json")), prep.text());

        Shell.Result train = Shell.bash(TRAIN + " train.workers=2 model.channels=8 model.blocks=1 model.esa-channels=4"
                + " train.batch-size=16 train.hr-patch=48 train.averaging-frequency=2 train.validation-images=1"
                + " train.checkpoint-every-rounds=4"
                + " 'train.stages=[{name = x2, scale = 2, init = scratch, iterations = 8, lr = 2e-3}]'" + SMALL_EXECUTORS,
                env, null);
        assertEquals(0, train.exit(), train.text());
        assertTrue(train.text().contains("stage 1/1 x2: finished"), train.text());
        Matcher m = Pattern.compile("tasks per executor id: \\{(.*)\\}").matcher(train.text());
        assertTrue(m.find(), train.text());
        assertEquals(2, m.group(1).split(",\\s*").length, "averaging rounds ran in both executor containers: " + m.group());
        // yarn.conf's run folder, on the minicluster's HDFS.
        assertTrue(fs.isFile(new Path("/rrlfn/runs/ws/" + RunLayout.finalModel("x2"))), train.text());

        // Both jobs were YARN applications of this ResourceManager, and both finished.
        try (YarnClient client = YarnClient.createYarnClient()) {
            client.init(yarn.getConfig());
            client.start();
            List<String> apps = new ArrayList<>();
            for (ApplicationReport r : client.getApplications()) apps.add(r.getApplicationType() + " " + r.getYarnApplicationState());
            assertEquals(List.of("SPARK FINISHED", "SPARK FINISHED"), apps, "applications seen by the ResourceManager");
        }
        System.out.printf("YARN: prepare %.1f s, train %.1f s%n", prep.seconds(), train.seconds());
    }
}
