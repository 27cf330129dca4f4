package org.rrlfn.jobs;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Command;
import org.rrlfn.common.config.CommandLines;
import org.rrlfn.common.config.ConfigurationReference;
import org.rrlfn.common.config.Settings;
import org.rrlfn.common.config.Suggest;
import org.rrlfn.common.spark.ExecutorWait;
import org.rrlfn.data.cli.DownscaleCommand;
import org.rrlfn.data.cli.PrepareBenchmarkCommand;
import org.rrlfn.data.cli.PrepareCommand;
import org.rrlfn.data.prepare.PrepareFailed;
import org.rrlfn.jobs.build.BuildVersion;
import org.rrlfn.jobs.eval.FuseEvalCommand;
import org.rrlfn.jobs.eval.MetricsCommand;
import org.rrlfn.jobs.memory.MemoryBenchmarkCommand;
import org.rrlfn.jobs.model.BackendCheckCommand;
import org.rrlfn.jobs.model.ImportCommand;
import org.rrlfn.jobs.model.ModelBenchmarkCommand;
import org.rrlfn.jobs.model.SummaryCommand;
import org.rrlfn.jobs.pipeline.PipelineCommand;
import org.rrlfn.jobs.scaling.ScalingCommand;
import org.rrlfn.jobs.sweep.SweepCommand;
import org.rrlfn.jobs.train.TrainBenchmarkCommand;
import org.rrlfn.jobs.train.TrainCommand;
import org.rrlfn.jobs.upscale.UpscaleBenchmarkCommand;
import org.rrlfn.jobs.upscale.UpscaleCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/**
 * Entry point of {@code bin/rrlfn} and of {@code spark-submit}: {@code <command> [--config FILE] [key=value ...]
 * [options]}. The command line is picocli's, built from each command's {@link Command} declaration; exit codes are
 * decided here and nowhere else ({@link #EXIT_CODES}).
 */
public final class Main {
    static final List<Command> COMMANDS = List.of(PipelineCommand.COMMAND, SweepCommand.COMMAND, SummaryCommand.COMMAND,
            TrainCommand.COMMAND, FuseEvalCommand.COMMAND, ScalingCommand.COMMAND, TrainBenchmarkCommand.COMMAND,
            ModelBenchmarkCommand.COMMAND, BackendCheckCommand.COMMAND, ImportCommand.COMMAND, MetricsCommand.COMMAND,
            DownscaleCommand.COMMAND, PrepareCommand.COMMAND, PrepareBenchmarkCommand.COMMAND, UpscaleCommand.COMMAND,
            UpscaleBenchmarkCommand.COMMAND, MemoryBenchmarkCommand.COMMAND, ConfigurationReference.COMMAND);

    static final int OK = 0, FAILED = 1, USER_ERROR = 2, NO_EXECUTORS = 3;

    /** What {@code rrlfn --help} and the documentation say about exit codes. */
    static final Map<String, String> EXIT_CODES = exitCodes();

    private Main() { }

    /** Commands that go on from where they stopped when run again: a stop by signal says so. */
    static final List<Command> RESUMABLE = List.of(TrainCommand.COMMAND, SweepCommand.COMMAND, PipelineCommand.COMMAND);

    public static void main(String[] args) {
        QuietStdout.install();
        SignalStop.install(System.err);
        int code;
        try {
            code = run(args, System.out, System.err);
        } catch (RuntimeException | Error e) {
            if (SignalStop.received()) SignalStop.awaitExit();     // what the stop made the command throw
            throw e;
        }
        if (SignalStop.received()) SignalStop.awaitExit();
        System.exit(code);
    }

    /** Runs one command line; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Parsed parsed;
        try {
            parsed = Parsed.of(args);
        } catch (ParameterException e) {
            err.println(parseError(e));
            return USER_ERROR;
        }
        parsed.rrlfn().setOut(new PrintWriter(out, true));
        parsed.rrlfn().setErr(new PrintWriter(err, true));
        if (CommandLine.printHelpIfRequested(parsed.result())) return OK;
        if (parsed.command() == null) {
            parsed.rrlfn().usage(out);
            return OK;
        }
        String name = parsed.command().name();
        SignalStop.running(name, RESUMABLE.contains(parsed.command()));
        try {
            Settings.Loaded loaded = parsed.settings();
            loaded.warnings().forEach(w -> err.println("rrlfn " + name + ": warning: " + w));
            parsed.command().action().run(loaded, out);
            return OK;
        } catch (ExecutorWait.NoExecutors e) {
            return fail(err, name, e, NO_EXECUTORS);
        } catch (PrepareFailed | BackendCheckCommand.Mismatch | UpscaleCommand.InputsFailed e) {
            return fail(err, name, e, FAILED);
        } catch (UserError e) {
            return fail(err, name, e, USER_ERROR);
        }
    }

    /**
     * Everything {@link #run} does before a command's action: the command line parsed, the configuration files read
     * and every key validated. A mistake is the {@link UserError} run would print (the documentation's commands are
     * checked this way, without running them). Returns the command's settings, or null for a line that names no
     * command or asks for help.
     */
    static Settings.Loaded check(String... args) {
        try {
            Parsed parsed = Parsed.of(args);
            boolean help = parsed.command() == null || parsed.result().subcommand().isUsageHelpRequested();
            return help ? null : parsed.settings();
        } catch (ParameterException e) {
            throw new UserError(parseError(e));
        }
    }

    /** A parsed command line: the command it names (null for none) and, per command, what the parse asked for. */
    private record Parsed(CommandLine rrlfn, ParseResult result, Command command, Map<String, Settings.Request> requests) {
        static Parsed of(String[] args) {
            Map<String, Settings.Request> requests = new HashMap<>();
            CommandLine rrlfn = commandLine(requests);
            ParseResult result = rrlfn.parseArgs(args);
            Command command = !result.hasSubcommand() ? null : COMMANDS.stream()
                    .filter(c -> c.name().equals(result.subcommand().commandSpec().name())).findFirst().orElse(null);
            return new Parsed(rrlfn, result, command, requests);
        }

        /** The command's configuration, loaded and validated. */
        Settings.Loaded settings() {
            return command.load(requests.get(command.name()));
        }
    }

    private static int fail(PrintStream err, String command, UserError e, int code) {
        if (!SignalStop.received()) err.println("rrlfn " + command + ": " + e.getMessage());   // else the stop's own line
        return code;
    }

    /** {@code rrlfn} with every command as a subcommand; a command's parse goes to its request. */
    private static CommandLine commandLine(Map<String, Settings.Request> requests) {
        CommandSpec spec = CommandSpec.create().name("rrlfn").version("rrlfn " + BuildVersion.get());
        spec.mixinStandardHelpOptions(true);
        spec.parser().expandAtFiles(false);
        spec.usageMessage().width(120)
                .description("RRLFN super-resolution on Spark: prepare data, train, evaluate, upscale.")
                .exitCodeListHeading("%nExit codes:%n").exitCodeList(EXIT_CODES)
                .footer("%n'rrlfn <command> --help' lists a command's options and the configuration keys it reads."
                        + "%nEvery command takes --config FILE (repeatable), key=value overrides (the rrlfn. prefix may"
                        + " be left out) and its --option shortcuts.");
        CommandLine rrlfn = new CommandLine(spec);
        for (Command c : COMMANDS) {
            Settings.Request request = new Settings.Request();
            requests.put(c.name(), request);
            rrlfn.addSubcommand(c.name(), new CommandLine(CommandLines.spec(c, request)));
        }
        rrlfn.addSubcommand("help", new CommandLine.HelpCommand());
        return rrlfn;
    }

    private static String parseError(ParameterException e) {
        CommandLine where = e.getCommandLine();
        if (where.getParent() != null) return "rrlfn " + where.getCommandName() + ": " + CommandLines.message(e);
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().get(0).startsWith("-")) {
            String word = u.getUnmatched().get(0);
            return "rrlfn: unknown command '" + word + "'" + Suggest.nearest(word, where.getSubcommands().keySet())
                    .map(c -> "; did you mean '" + c + "'?").orElse("") + " ('rrlfn --help' lists the commands)";
        }
        return "rrlfn: " + e.getMessage() + " ('rrlfn --help' lists the options)";
    }

    private static Map<String, String> exitCodes() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put(" " + OK, "done (also --help and --version)");
        codes.put(" " + FAILED, "the command ran and failed: prepare produced no usable set, backend-check found"
                + " different outputs, upscale could not read some inputs");
        codes.put(" " + USER_ERROR, "a mistake to fix: unknown command or option, wrong or unknown configuration key,"
                + " an output folder that must not be written, unusable input, a full disk");
        codes.put(" " + NO_EXECUTORS, "no Spark executor registered within rrlfn.spark.executor-wait-seconds");
        return codes;
    }
}
