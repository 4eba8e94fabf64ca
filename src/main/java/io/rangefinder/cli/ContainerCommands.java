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

    /** What mb and rb share: parse the container URI, open its store, do one thing, say so. */
    abstract static class OnContainer implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "URI")
        String uri;

        abstract String apply(ObjectStore store, String container);

        @Override
        public Integer call() {
            ObjectUri target = containerOf(uri);
            try (ObjectStore store = RangefinderCli.open(spec, target)) {
                spec.commandLine().getErr().println(apply(store, target.container()) + " " + target);
                return 0;
            }
        }
    }

    @Command(name = "mb", mixinStandardHelpOptions = true, description = "Make a bucket (container).")
    static final class Make extends OnContainer {
        @Override
        String apply(ObjectStore store, String container) {
            store.createContainer(container);
            return "made";
        }
    }

    @Command(name = "rb", mixinStandardHelpOptions = true, description = "Remove an empty bucket (container).")
    static final class Remove extends OnContainer {
        @Override
        String apply(ObjectStore store, String container) {
            store.deleteContainer(container);
            return "removed";
        }
    }
}
