package io.rangefinder.cli;

import io.rangefinder.core.BuildInfo;
import io.rangefinder.core.CancelledException;
import io.rangefinder.storage.StorageException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The headless CLI on the same engine as the app. Exit codes: 0 ok, 1 failure, 2 usage error.
 * Errors print one line; {@code --verbose} adds the stack trace.
 */
@Command(name = "rangefinder",
        mixinStandardHelpOptions = true,
        versionProvider = RangefinderCli.Version.class,
        description = "Browse and benchmark object storage (S3, Azure Blob, GCS, local folders) from the command line.",
        subcommands = {LsCommand.class, StatCommand.class, GetCommand.class, PutCommand.class, RmCommand.class,
                GenCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class RangefinderCli {

    @Option(names = {"-v", "--verbose"}, description = "Print stack traces with errors.", scope = CommandLine.ScopeType.INHERIT)
    boolean verbose;

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        RangefinderCli root = new RangefinderCli();
        CommandLine cmd = new CommandLine(root);
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setExecutionExceptionHandler((e, line, parsed) -> {
            boolean verbose = root.verbose || hasVerbose(args);
            err.println("error: " + describe(e));
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return e instanceof CancelledException ? 130 : 1;
        });
        int code = cmd.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static boolean hasVerbose(String[] args) {
        for (String a : args) {
            if (a.equals("-v") || a.equals("--verbose")) {
                return true;
            }
        }
        return false;
    }

    static String describe(Throwable e) {
        if (e instanceof StorageException || e instanceof IllegalArgumentException || e instanceof CancelledException) {
            return e.getMessage();
        }
        String msg = e.getMessage();
        return msg == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + msg;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"rangefinder " + BuildInfo.version(),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
