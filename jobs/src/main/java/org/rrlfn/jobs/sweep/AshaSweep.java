package org.rrlfn.jobs.sweep;

import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.rrlfn.common.log.Console;

/**
 * A sweep under the ASHA scheduler: {@code concurrent} slots, each free slot taking the scheduler's next decision
 * (a promotion or a new trial) as soon as it frees, every decision and result recorded in the {@link AshaLog} before
 * the next one is taken. A re-run replays the record and first continues the trials that were training when it
 * stopped; a trial's own training resumes from its checkpoint (the runner's concern).
 */
final class AshaSweep {
    /** What one slot ran: the decision and what the trial measured at its rung. */
    private record Done(Asha.Run run, TrialRunner.RungResult result) { }

    private AshaSweep() { }

    /**
     * @param totalSteps a trial's full length in steps, the last rung
     * @return every started trial, those that reached the highest rung first, then by PSNR at the rung they reached
     */
    static List<Trial> run(Path dir, long minSteps, int eta, long totalSteps, List<Map<String, ConfigValue>> points,
                           int concurrent, TrialRunner runner) throws IOException {
        Asha asha = new Asha(Asha.rungs(minSteps, eta, totalSteps), eta, points.size());
        AshaLog log = AshaLog.open(dir, AshaLog.identity(minSteps, eta, asha.rungSteps(),
                points.stream().map(SweepSpace::asOverrides).toList()), asha);
        Deque<Asha.Run> unfinished = new ArrayDeque<>();
        asha.running().forEach((t, k) -> unfinished.add(new Asha.Run(t, k)));
        if (!unfinished.isEmpty()) Console.info("sweep asha: continuing %s from the record", unfinished);
        Console.info("sweep asha: %d trials, rungs at %s steps, top 1/%d promoted, %d at a time", points.size(),
                asha.rungSteps(), eta, concurrent);
        ExecutorService pool = Executors.newFixedThreadPool(concurrent);
        CompletionService<Done> slots = new ExecutorCompletionService<>(pool);
        try {
            int busy = 0;
            while (true) {
                while (busy < concurrent) {
                    Asha.Run run = unfinished.poll();
                    if (run == null) {
                        if (!(asha.next() instanceof Asha.Run r)) break;
                        log.decided(r);
                        run = r;
                    }
                    Console.info("sweep asha: trial %d %s rung %d (%d steps)", run.trial(),
                            run.rung() == 0 ? "starts towards" : "promoted to", run.rung(), asha.rungSteps().get(run.rung()));
                    final Asha.Run job = run;
                    slots.submit(() -> new Done(job, runner.train(job.trial(), asha.rungSteps().get(job.rung()))));
                    busy++;
                }
                if (busy == 0) break;
                Done d = slots.take().get();
                busy--;
                asha.report(d.run().trial(), d.run().rung(), d.result().psnr());
                log.reached(d.run().trial(), d.run().rung(), d.result());
                Console.info("sweep asha: trial %d reached rung %d: PSNR(Y) %.2f dB", d.run().trial(), d.run().rung(),
                        d.result().psnr());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return trials(points, asha, log.results());
    }

    private static List<Trial> trials(List<Map<String, ConfigValue>> points, Asha asha,
                                      Map<Integer, List<TrialRunner.RungResult>> results) {
        List<Trial> out = new ArrayList<>();
        results.forEach((t, rs) -> {
            TrialRunner.RungResult last = rs.get(rs.size() - 1);
            boolean stopped = rs.size() - 1 < asha.top();
            if (stopped) Console.info("sweep asha: trial %d stopped at rung %d", t, rs.size() - 1);
            out.add(new Trial(t, points.get(t), last.psnr(), last.bicubicPsnr(),
                    rs.stream().mapToDouble(TrialRunner.RungResult::seconds).sum(),
                    rs.stream().map(TrialRunner.RungResult::psnr).toList(), stopped));
        });
        out.sort(Trial.RANKING);
        return out;
    }
}
