package io.rangefinder.cli;

import io.rangefinder.core.Units;
import io.rangefinder.storage.ObjectInfo;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "stat", mixinStandardHelpOptions = true, description = "Show an object's size, etag, type, modification time and metadata.")
final class StatCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "URI")
    String uri;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ObjectUri target = ObjectUri.parse(uri);
        try (ObjectStore store = RangefinderCli.open(spec, target)) {
            ObjectInfo o = store.stat(target.container(), target.key());
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("uri", target.toString());
            fields.put("size", o.size());
            fields.put("lastModified", o.lastModified() == null ? null : o.lastModified().toString());
            fields.put("etag", o.etag());
            fields.put("contentType", o.contentType());
            fields.put("storageClass", o.storageClass());
            fields.put("metadata", o.metadata());
            if (json) {
                out.println(Json.write(fields));
            } else {
                fields.forEach((k, v) -> {
                    if (v != null && !(v instanceof Map<?, ?> m && m.isEmpty())) {
                        String shown = k.equals("size") ? v + " (" + Units.formatSize(o.size()) + ")" : String.valueOf(v);
                        out.printf("%-13s %s%n", k + ":", shown);
                    }
                });
            }
            return 0;
        }
    }
}
