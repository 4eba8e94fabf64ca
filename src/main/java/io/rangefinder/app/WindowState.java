package io.rangefinder.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rangefinder.storage.config.ConfigDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import io.rangefinder.app.explorer.ViewPrefs;

/**
 * What the window remembers between runs: its size and the last location, as a small JSON file
 * ({@code window.json}) in the user's config folder. The system property
 * {@value #CONFIG_DIR_PROPERTY} moves that folder (tests always point it at a temp dir).
 */
public record WindowState(double width, double height, String lastLocation, ViewPrefs view) {

    public WindowState(double width, double height, String lastLocation) {
        this(width, height, lastLocation, ViewPrefs.DEFAULT);
    }

    public WindowState {
        view = view == null ? ViewPrefs.DEFAULT : view;
    }

    public static final String CONFIG_DIR_PROPERTY = ConfigDir.PROPERTY;
    public static final String FILE_NAME = "window.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The user's config folder; see {@link ConfigDir}. */
    static Path configDir() {
        return ConfigDir.resolve();
    }

    static Path file() {
        return configDir().resolve(FILE_NAME);
    }

    /** The saved state, or empty if there is none or it cannot be read (a broken file is not worth an error). */
    public static Optional<WindowState> load() {
        Path f = file();
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(f.toFile());
            double w = n.path("width").asDouble(0);
            double h = n.path("height").asDouble(0);
            String loc = n.hasNonNull("lastLocation") ? n.get("lastLocation").asText() : null;
            return w >= 200 && h >= 150 ? Optional.of(new WindowState(w, h, loc, view(n.path("view"))))
                    : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static ViewPrefs view(JsonNode v) {
        if (!v.isObject()) {
            return ViewPrefs.DEFAULT;
        }
        List<ViewPrefs.Column> columns = new ArrayList<>();
        for (JsonNode c : v.path("columns")) {
            if (c.hasNonNull("id")) {
                columns.add(new ViewPrefs.Column(c.get("id").asText(), c.path("width").asDouble(0), c.path("visible").asBoolean(true)));
            }
        }
        return new ViewPrefs(v.path("dark").asBoolean(false), v.path("compact").asBoolean(false),
                v.hasNonNull("sortColumn") ? v.get("sortColumn").asText() : null, v.path("ascending").asBoolean(true), columns);
    }

    /** Writes through a temp file and a rename, so a crash never leaves half a file. */
    void save() throws IOException {
        Path f = file();
        Files.createDirectories(f.getParent());
        ObjectNode n = JSON.createObjectNode();
        n.put("width", width);
        n.put("height", height);
        n.put("lastLocation", lastLocation);
        ObjectNode v = n.putObject("view");
        v.put("dark", view.dark());
        v.put("compact", view.compact());
        v.put("sortColumn", view.sortColumn());
        v.put("ascending", view.ascending());
        var columns = v.putArray("columns");
        for (ViewPrefs.Column c : view.columns()) {
            columns.addObject().put("id", c.id()).put("width", c.width()).put("visible", c.visible());
        }
        Path tmp = Files.createTempFile(f.getParent(), ".window", ".json");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), n);
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
