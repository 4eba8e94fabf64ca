package io.rangefinder.cli;

import io.rangefinder.core.BuildInfo;
import io.rangefinder.core.CancelledException;
import io.rangefinder.storage.ConnectionProfile;
import io.rangefinder.storage.EnvironmentProfiles;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.StorageException;
import io.rangefinder.storage.StoreFactory;
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
        subcommands = {LsCommand.class, StatCommand.class, ContainerCommands.Make.class, ContainerCommands.Remove.class, GetCommand.class, PutCommand.class, RmCommand.class,
                GenCommand.class, BenchCommand.class, BatchCommand.class, CommandLine.HelpCommand.class})
public final class RangefinderCli {

    @Option(names = {"-v", "--verbose"}, description = "Print stack traces with errors.", scope = CommandLine.ScopeType.INHERIT)
    boolean verbose;

    @Option(names = "--endpoint-url", paramLabel = "URL", scope = CommandLine.ScopeType.INHERIT,
            description = "S3-compatible endpoint (MinIO, Ceph, R2, S3Proxy), Azure blob endpoint or GCS emulator host. "
                    + "Default: AWS_ENDPOINT_URL / STORAGE_EMULATOR_HOST.")
    String endpointUrl;

    @Option(names = "--region", scope = CommandLine.ScopeType.INHERIT, description = "S3 region (default: AWS_REGION or the AWS config).")
    String region;

    @Option(names = "--profile", scope = CommandLine.ScopeType.INHERIT,
            description = "AWS named profile from ~/.aws/config (SSO and credential_process included; default: AWS_PROFILE).")
    String awsProfile;

    @Option(names = "--path-style", negatable = true, scope = CommandLine.ScopeType.INHERIT,
            description = "S3 path-style addressing (default: on with a custom endpoint).")
    Boolean pathStyle;

    @Option(names = "--no-sign-request", scope = CommandLine.ScopeType.INHERIT, description = "Send no credentials (public buckets, emulators).")
    boolean anonymous;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", scope = CommandLine.ScopeType.INHERIT,
            description = "Give up connecting after this long (default: 5).")
    Double connectTimeoutSeconds;

    /** The profile for a URI: environment variables first, then this command line's options. */
    ConnectionProfile profileFor(ObjectUri uri) {
        ConnectionProfile.Kind kind = ConnectionProfile.Kind.of(uri.scheme());
        ConnectionProfile.Builder b = EnvironmentProfiles.from(kind, System.getenv());
        if (endpointUrl != null) {
            b.endpoint(endpointUrl);
            if (kind == ConnectionProfile.Kind.S3 && pathStyle == null) {
                b.pathStyle(true);
            }
        }
        if (region != null) {
            b.region(region);
        }
        if (awsProfile != null) {
            b.awsProfile(awsProfile);
        }
        if (pathStyle != null) {
            b.pathStyle(pathStyle);
        }
        if (anonymous) {
            b.anonymous(true);
        }
        if (connectTimeoutSeconds != null) {
            b.connectTimeout(java.time.Duration.ofMillis((long) (connectTimeoutSeconds * 1000)));
        }
        return b.build();
    }

    /** Opens the store behind a URI as this command line says. */
    static ObjectStore open(CommandLine.Model.CommandSpec spec, ObjectUri uri) {
        RangefinderCli root = (RangefinderCli) spec.root().userObject();
        return StoreFactory.open(uri, root.profileFor(uri));
    }

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
