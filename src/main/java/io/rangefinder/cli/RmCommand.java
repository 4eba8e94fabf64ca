package io.rangefinder.cli;

import io.rangefinder.storage.ListPage;
import io.rangefinder.storage.ListRequest;
import io.rangefinder.storage.ObjectInfo;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.StorageException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "rm", mixinStandardHelpOptions = true, description = "Delete an object, or with --recursive every object under a prefix.")
final class RmCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "URI")
    String uri;

    @Option(names = {"-r", "--recursive"}, description = "Delete every object under the prefix.")
    boolean recursive;

    @Override
    public Integer call() {
        ObjectUri target = ObjectUri.parse(uri);
        if (target.container().isEmpty()) {
            throw new StorageException.InvalidArgument("refusing to delete at the root of '" + target + "': name a container");
        }
        try (ObjectStore store = RangefinderCli.open(spec, target)) {
            if (!recursive) {
                if (target.isPrefix()) {
                    throw new StorageException.InvalidArgument("'" + target + "' is a prefix; add --recursive to delete everything under it");
                }
                store.delete(target.container(), target.key());
                spec.commandLine().getErr().println("deleted " + target);
                return 0;
            }
            // Collect first: deleting while paging would shift the listing under the cursor.
            List<ObjectInfo> victims = new ArrayList<>();
            Iterator<ListPage> pages = store.pages(ListRequest.recursive(target.container(), target.key()));
            while (pages.hasNext()) {
                victims.addAll(pages.next().objects());
            }
            for (ObjectInfo o : victims) {
                store.delete(o.container(), o.key());
            }
            spec.commandLine().getErr().println("deleted " + victims.size() + " objects under " + target);
            return 0;
        }
    }
}
