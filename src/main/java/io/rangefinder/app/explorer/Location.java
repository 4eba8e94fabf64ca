package io.rangefinder.app.explorer;

import io.rangefinder.storage.ObjectUri;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A folder in a store: a container and a prefix that is empty or ends in "/". The root (empty
 * container) is the list of containers itself.
 */
public record Location(String container, String prefix) {

    public static final Location ROOT = new Location("", "");

    public Location {
        if (container == null || prefix == null) {
            throw new IllegalArgumentException("container and prefix must not be null");
        }
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            throw new IllegalArgumentException("a folder prefix ends in '/': " + prefix);
        }
        if (container.isEmpty() && !prefix.isEmpty()) {
            throw new IllegalArgumentException("a prefix needs a container: " + prefix);
        }
    }

    public static Location of(String container, String prefix) {
        return new Location(container, prefix);
    }

    /** Where an absolute local path lies in a store rooted at "/": /home/u → container "home", prefix "u/". */
    public static Location ofLocalPath(Path path) {
        Location at = ROOT;
        for (Path name : path.toAbsolutePath().normalize()) {
            at = at.child(name.toString());
        }
        return at;
    }

    /** The folder a URI names; an object key is read as the folder of that name ("a/b" → "a/b/"). */
    public static Location ofUri(ObjectUri uri) {
        if (uri.container().isEmpty()) {
            return ROOT;
        }
        String key = uri.key();
        return new Location(uri.container(), key.isEmpty() || key.endsWith("/") ? key : key + "/");
    }

    /** This folder as a URI of {@code scheme}, e.g. {@code file:///home/u/}. */
    public ObjectUri toUri(ObjectUri.Scheme scheme) {
        return toUri(scheme, null);
    }

    /** This folder as a URI; {@code account} is the Azure storage account (ignored for other schemes). */
    public ObjectUri toUri(ObjectUri.Scheme scheme, String account) {
        return new ObjectUri(scheme, scheme == ObjectUri.Scheme.AZURE ? account : null, container, prefix);
    }

    /** The address bar's text: the URI, ending in "/" as every folder does ({@code file:///home/}). */
    public String address(ObjectUri.Scheme scheme) {
        return address(scheme, null);
    }

    /** As {@link #address(ObjectUri.Scheme)}, with the Azure account in {@code az://account/...}. */
    public String address(ObjectUri.Scheme scheme, String account) {
        String text = toUri(scheme, account).toString();
        return text.endsWith("/") ? text : text + "/";
    }

    public boolean isRoot() {
        return container.isEmpty();
    }

    public Location parent() {
        if (prefix.isEmpty()) {
            return ROOT;
        }
        int slash = prefix.lastIndexOf('/', prefix.length() - 2);
        return new Location(container, prefix.substring(0, slash + 1));
    }

    /** The folder named {@code name} inside this one. */
    public Location child(String name) {
        if (name.isEmpty() || name.contains("/")) {
            throw new IllegalArgumentException("not a folder name: '" + name + "'");
        }
        return isRoot() ? new Location(name, "") : new Location(container, prefix + name + "/");
    }

    /** The last segment, as a breadcrumb shows it; empty for the root. */
    public String name() {
        if (prefix.isEmpty()) {
            return container;
        }
        int slash = prefix.lastIndexOf('/', prefix.length() - 2);
        return prefix.substring(slash + 1, prefix.length() - 1);
    }

    /** The root, then each folder down to this one (inclusive). */
    public List<Location> pathFromRoot() {
        List<Location> path = new ArrayList<>();
        for (Location at = this; ; at = at.parent()) {
            path.addFirst(at);
            if (at.isRoot()) {
                return path;
            }
        }
    }
}
