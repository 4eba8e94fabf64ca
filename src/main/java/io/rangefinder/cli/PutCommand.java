package io.rangefinder.cli;

import io.rangefinder.core.Units;
import io.rangefinder.storage.ObjectInfo;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.StorageException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "put", mixinStandardHelpOptions = true, description = "Upload a local file (streamed). A URI ending in '/' keeps the file's name.")
final class PutCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SRC")
    Path source;

    @Parameters(index = "1", paramLabel = "URI")
    String uri;

    @picocli.CommandLine.Option(names = "--part-size", paramLabel = "SIZE",
            description = "Bytes per part of a multipart upload (default: the store's, 8MiB on S3).")
    String partSize;

    @picocli.CommandLine.Option(names = "--parts-in-flight", paramLabel = "N",
            description = "Parts uploaded at once (default: what 'bench tune --apply' stored for the connection, else the store's).")
    Integer partsInFlight;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(source)) {
            throw new StorageException.NotFound(Files.isDirectory(source)
                    ? source + " is a folder; give a file to upload" : "no such file: " + source);
        }
        ObjectUri target = ObjectUri.parse(uri);
        if (target.isPrefix()) {
            target = target.withKey(target.key() + source.getFileName());
        }
        long size = Files.size(source);
        try (ObjectStore store = RangefinderCli.open(spec, target); InputStream in = Files.newInputStream(source)) {
            int parts = partsInFlight != null ? partsInFlight : 0;
            if (partsInFlight == null) {
                String key = io.rangefinder.bench.TunedSettings.connectionKey(RangefinderCli.profile(spec, target));
                var tuned = io.rangefinder.bench.TunedSettings.open().value(key, io.rangefinder.bench.TunedSettings.PUT_PARTS_IN_FLIGHT);
                if (tuned.isPresent()) {
                    parts = tuned.getAsInt();
                    spec.commandLine().getErr().println("parts in flight " + parts + ", tuned for " + key
                            + " (--parts-in-flight overrides it)");
                }
            }
            if (partsInFlight != null && partsInFlight < 1) {
                throw new StorageException.InvalidArgument("--parts-in-flight must be at least 1, was " + partsInFlight);
            }
            long part = partSize == null ? 0 : Units.parseSize(partSize);
            ObjectInfo o = store.put(target.container(), target.key(), in, size,
                    io.rangefinder.storage.PutOptions.contentType(Files.probeContentType(source)).withParts(part, parts));
            spec.commandLine().getErr().println("uploaded " + Units.formatSize(o.size()) + " to " + target);
            return 0;
        } catch (NoSuchFileException e) {
            throw new StorageException.NotFound("no such file: " + source, e);
        }
    }
}
