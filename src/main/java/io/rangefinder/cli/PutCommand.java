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
            ObjectInfo o = store.put(target.container(), target.key(), in, size, Files.probeContentType(source));
            spec.commandLine().getErr().println("uploaded " + Units.formatSize(o.size()) + " to " + target);
            return 0;
        } catch (NoSuchFileException e) {
            throw new StorageException.NotFound("no such file: " + source, e);
        }
    }
}
