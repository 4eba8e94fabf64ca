package io.rangefinder.storage;

import java.nio.file.Path;

/**
 * A store whose objects are local files. The engine uses it to copy ranges file-to-file in the
 * kernel (no bytes through the JVM), which is how {@code cp} itself copies.
 */
public interface LocalFiles {

    /** The file behind an object; checks the key as every other call does, not that the file exists. */
    Path localPath(String container, String key);
}
