package io.rangefinder.cli;

import io.rangefinder.core.BuildInfo;
import io.rangefinder.core.CancelledException;
import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.storage.config.EnvironmentProfiles;
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
        description = "Browse and benchmark object storage (S3, Azure Blob, GCS, local folders) from the command line.")
public final class RangefinderCli {

    /**
     * The subcommands, in the order the help lists them. Not in the annotation: picocli would build
     * the model of every one (reflection over each class, its options and mixins, an annotation
     * proxy per element) before parsing, though a run uses one. See {@link #addSubcommands}.
     */
    static final java.util.List<Class<?>> SUBCOMMANDS = java.util.List.of(LsCommand.class, StatCommand.class,
            ContainerCommands.Make.class, ContainerCommands.Remove.class, GetCommand.class, PutCommand.class, RmCommand.class,
            GenCommand.class, BenchCommand.class, MergeCommand.class, BatchCommand.class, CommandLine.HelpCommand.class);

    /** The root options that take a value, so their value is not taken for a subcommand's name. */
    private static final java.util.Set<String> VALUE_OPTIONS =
            java.util.Set.of("--endpoint-url", "--region", "--profile", "--connect-timeout", "--timeout");

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

    @Option(names = "--timeout", paramLabel = "SECONDS", scope = CommandLine.ScopeType.INHERIT,
            description = "Give up on a server that does not answer: a listing, stat, delete or bucket call after "
                    + "this long in all, and any one request (default: 20 for those calls).")
    Double timeoutSeconds;

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
        if (timeoutSeconds != null) {
            if (!(timeoutSeconds > 0)) {
                throw new io.rangefinder.storage.StorageException.InvalidArgument("--timeout must be a positive number of seconds");
            }
            b.requestTimeout(java.time.Duration.ofMillis((long) (timeoutSeconds * 1000)));
        }
        return b.build();
    }

    /** The connection profile a URI is reached through on this command line. */
    static ConnectionProfile profile(CommandLine.Model.CommandSpec spec, ObjectUri uri) {
        return ((RangefinderCli) spec.root().userObject()).profileFor(uri);
    }

    /** Opens the store behind a URI as this command line says. */
    static ObjectStore open(CommandLine.Model.CommandSpec spec, ObjectUri uri) {
        RangefinderCli root = (RangefinderCli) spec.root().userObject();
        return StoreFactory.open(uri, root.profileFor(uri));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        RangefinderCli root = new RangefinderCli();
        CommandLine cmd = new CommandLine(root);
        addSubcommands(cmd, args);
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

    /**
     * Registers the one subcommand {@code args} names, or all of them when it names none that is
     * known (the root's help, a typo picocli suggests a fix for, {@code help}, an @argfile), and none
     * for the root's {@code --version} alone. Building only that one's model takes ~0.1 s less at the
     * start of a run. A run sees no difference: it parses against the same command, and the root's
     * own help still lists every subcommand.
     */
    static void addSubcommands(CommandLine cmd, String[] args) {
        Class<?> only = null;
        boolean positional = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (VALUE_OPTIONS.contains(a)) {
                if (i + 1 < args.length && subcommandNamed(args[i + 1]) != null) {
                    positional = true;
                    break; // picocli refuses a subcommand's name as the value, with the full usage
                }
                i++;
            } else if (a.startsWith("@") || a.equals("--")) {
                positional = true; // unknown: all of them
                break;
            } else if (!a.startsWith("-")) {
                only = subcommandNamed(a);
                positional = true;
                break;
            }
        }
        java.util.List<String> list = java.util.Arrays.asList(args);
        if (!positional && (list.contains("-V") || list.contains("--version")) && !list.contains("-h") && !list.contains("--help")) {
            return; // the root's --version alone: no subcommand is needed
        }
        for (Class<?> c : SUBCOMMANDS) {
            if (only == null || only == c) {
                cmd.addSubcommand(c);
            }
        }
    }

    private static Class<?> subcommandNamed(String name) {
        for (Class<?> c : SUBCOMMANDS) {
            Command a = c.getAnnotation(Command.class);
            if (c != CommandLine.HelpCommand.class && (a.name().equals(name) || java.util.Arrays.asList(a.aliases()).contains(name))) {
                return c;
            }
        }
        return null;
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
