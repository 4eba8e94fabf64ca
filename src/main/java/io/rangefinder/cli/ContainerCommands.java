package io.rangefinder.cli;

import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.StorageException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mb} and {@code rb}: make and remove a bucket (container), as aws s3 and gsutil name them. */
final class ContainerCommands {

    private ContainerCommands() {
    }

    static ObjectUri containerOf(String text) {
        ObjectUri uri = ObjectUri.parse(text);
        if (uri.container().isEmpty() || !uri.key().isEmpty()) {
            throw new StorageException.InvalidArgument("'" + text + "' does not name a container: use e.g. s3://bucket, "
                    + "az://account/container or gs://bucket");
        }
        return uri;
    }

    @Command(name = "mb", mixinStandardHelpOptions = true, description = "Make a bucket (container).")
    static final class Make implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "URI")
        String uri;

        @Override
        public Integer call() {
            ObjectUri target = containerOf(uri);
            try (ObjectStore store = RangefinderCli.open(spec, target)) {
                store.createContainer(target.container());
                spec.commandLine().getErr().println("made " + target);
                return 0;
            }
        }
    }

    @Command(name = "rb", mixinStandardHelpOptions = true, description = "Remove an empty bucket (container).")
    static final class Remove implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "URI")
        String uri;

        @Override
        public Integer call() {
            ObjectUri target = containerOf(uri);
            try (ObjectStore store = RangefinderCli.open(spec, target)) {
                store.deleteContainer(target.container());
                spec.commandLine().getErr().println("removed " + target);
                return 0;
            }
        }
    }
}
