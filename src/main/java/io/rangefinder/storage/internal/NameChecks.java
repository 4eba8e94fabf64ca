package io.rangefinder.storage.internal;

import io.rangefinder.storage.StorageException;

/**
 * The argument checks every store makes before a call: a container and, for object calls, a key,
 * with a message in the store's own words ("empty bucket name: ...", "empty blob name: ...").
 *
 * @param containerWord "bucket", "container"
 * @param containerHint what to give instead, e.g. "the name of a bucket, e.g. s3://my-bucket/"
 * @param keyWord       "key", "object name", "blob name"
 * @param keyHint       e.g. "the key of an object"; the message adds " in bucket 'NAME'"
 */
public record NameChecks(String containerWord, String containerHint, String keyWord, String keyHint) {

    public void requireContainer(String container) {
        if (container == null || container.isEmpty()) {
            throw new StorageException.InvalidArgument("empty " + containerWord + " name: give " + containerHint);
        }
    }

    public void requireKey(String container, String key) {
        requireContainer(container);
        if (key == null || key.isEmpty()) {
            throw new StorageException.InvalidArgument("empty " + keyWord + ": give " + keyHint + " in " + containerWord
                    + " '" + container + "'");
        }
    }
}
