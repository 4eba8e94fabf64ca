package io.rangefinder.cli;

import io.rangefinder.core.Units;
import io.rangefinder.storage.ContainerInfo;
import io.rangefinder.storage.ListPage;
import io.rangefinder.storage.ListRequest;
import io.rangefinder.storage.LocalFiles;
import io.rangefinder.storage.ObjectInfo;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.StorageException;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "ls", mixinStandardHelpOptions = true, description = "List containers, folders and objects under a URI.")
final class LsCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "URI", description = "s3://bucket/prefix/, az://account/container/, gs://bucket/, file:///path or a local path.")
    String uri;

    @Option(names = {"-r", "--recursive"}, description = "List every object under the prefix, not just one level.")
    boolean recursive;

    @Option(names = {"-H", "--human-readable"}, description = "Sizes in KiB/MiB/GiB.")
    boolean human;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ObjectUri target = ObjectUri.parse(uri);
        try (ObjectStore store = RangefinderCli.open(spec, target)) {
            if (target.container().isEmpty()) {
                for (ContainerInfo c : store.listContainers()) {
                    out.println((c.created() == null ? "                   " : TIME.format(c.created())) + "  " + c.name() + "/");
                }
                return 0;
            }
            String prefix = target.key();
            ListRequest first = recursive ? ListRequest.recursive(target.container(), prefix)
                    : ListRequest.folders(target.container(), prefix);
            long count = 0; // entries shown: folders and objects
            long objects = 0;
            long bytes = 0;
            Iterator<ListPage> pages = store.pages(first);
            while (pages.hasNext()) {
                ListPage page = pages.next();
                count += page.commonPrefixes().size();
                for (String p : page.commonPrefixes()) {
                    out.printf("%19s  %12s  %s%n", "", "PRE", relative(prefix, p));
                }
                for (ObjectInfo o : page.objects()) {
                    String when = o.lastModified() == null ? "" : TIME.format(o.lastModified());
                    String size = human ? Units.formatSize(o.size()) : Long.toString(o.size());
                    out.printf("%19s  %12s  %s%n", when, size, recursive ? o.key() : relative(prefix, o.key()));
                    count++;
                    objects++;
                    bytes += o.size();
                }
                out.flush();
            }
            if (count == 0 && !prefix.isEmpty() && !existingLocalFolder(store, target)) {
                // As aws s3 ls and gsutil ls do: a prefix that matches nothing is an error, not silence.
                throw new StorageException.NotFound("nothing under '" + uri + "'");
            }
            if (recursive) {
                out.printf("%nTotal objects: %d%nTotal size: %s%n", objects, Units.formatSize(bytes));
            }
            return 0;
        }
    }

    /** An empty local folder is a real, empty thing; an object store prefix with nothing under it is not. */
    private static boolean existingLocalFolder(ObjectStore store, ObjectUri target) {
        return store instanceof LocalFiles local
                && java.nio.file.Files.isDirectory(local.localPath(target.container(), target.key()));
    }

    private static String relative(String prefix, String key) {
        int cut = prefix.lastIndexOf('/') + 1;
        return key.substring(Math.min(cut, key.length()));
    }
}
