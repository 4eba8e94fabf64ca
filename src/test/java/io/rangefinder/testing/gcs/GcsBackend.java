package io.rangefinder.testing.gcs;

import io.rangefinder.storage.KeyOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** The server's state: buckets, their objects (in UTF-8 byte order of the name) and open upload sessions. */
public final class GcsBackend {

    /** One stored object generation. */
    public record StoredObject(String bucket, String name, long generation, long metageneration, String contentType,
                               Map<String, String> metadata, Content content, Instant created) {
    }

    /** A bucket and its objects. */
    public record Bucket(String name, Instant created, NavigableMap<String, StoredObject> objects) {
    }

    /** A resumable upload in progress: metadata from the start request, bytes so far. */
    public static final class Session {
        final String id;
        final String bucket;
        final String name;
        final String contentType;
        final Map<String, String> metadata;
        final Long ifGenerationMatch;
        final Content.Builder data = new Content.Builder();
        StoredObject result;

        Session(String id, String bucket, String name, String contentType, Map<String, String> metadata,
                Long ifGenerationMatch) {
            this.id = id;
            this.bucket = bucket;
            this.name = name;
            this.contentType = contentType;
            this.metadata = metadata;
            this.ifGenerationMatch = ifGenerationMatch;
        }
    }

    private final ConcurrentSkipListMap<String, Bucket> buckets = new ConcurrentSkipListMap<>(KeyOrder.UTF8);
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicLong generations = new AtomicLong(System.currentTimeMillis() * 1000);

    public List<Bucket> buckets() {
        return new ArrayList<>(buckets.values());
    }

    public Bucket createBucket(String name) {
        if (name == null || name.isEmpty()) {
            throw GcsError.bad("Required parameter: name");
        }
        if (!name.matches("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]")) {
            throw GcsError.bad("Invalid bucket name: '" + name + "'");
        }
        Bucket b = new Bucket(name, Instant.now(), new ConcurrentSkipListMap<>(KeyOrder.UTF8));
        if (buckets.putIfAbsent(name, b) != null) {
            throw new GcsError(409, "conflict", "Your previous request to create the named bucket succeeded and you "
                    + "already own it.");
        }
        return b;
    }

    public Bucket bucket(String name) {
        Bucket b = buckets.get(name);
        if (b == null) {
            throw GcsError.noBucket(name);
        }
        return b;
    }

    /** Forgets every bucket, object and upload session; returns how many buckets there were. */
    public synchronized int clear() {
        int n = buckets.size();
        buckets.clear();
        sessions.clear();
        return n;
    }

    public synchronized void deleteBucket(String name) {
        Bucket b = bucket(name);
        if (!b.objects().isEmpty()) {
            throw new GcsError(409, "conflict", "The bucket you tried to delete is not empty.");
        }
        buckets.remove(name);
    }

    public StoredObject object(String bucket, String name) {
        StoredObject o = bucket(bucket).objects().get(name);
        if (o == null) {
            throw GcsError.noObject(bucket, name);
        }
        return o;
    }

    /** Stores a new generation, checking {@code ifGenerationMatch} (0: must not exist) atomically. */
    public synchronized StoredObject put(String bucket, String name, String contentType, Map<String, String> metadata,
                                         Content content, Long ifGenerationMatch) {
        checkName(name);
        Bucket b = bucket(bucket);
        StoredObject old = b.objects().get(name);
        if (ifGenerationMatch != null) {
            long have = old == null ? 0 : old.generation();
            if (have != ifGenerationMatch) {
                throw GcsError.precondition("At least one of the pre-conditions you specified did not hold.");
            }
        }
        StoredObject o = new StoredObject(bucket, name, generations.incrementAndGet(), 1,
                contentType == null ? "application/octet-stream" : contentType,
                metadata == null ? Map.of() : Map.copyOf(metadata), content, Instant.now());
        b.objects().put(name, o);
        return o;
    }

    public synchronized void delete(String bucket, String name, Long ifGenerationMatch) {
        StoredObject o = object(bucket, name);
        if (ifGenerationMatch != null && o.generation() != ifGenerationMatch) {
            throw GcsError.precondition("At least one of the pre-conditions you specified did not hold.");
        }
        bucket(bucket).objects().remove(name);
    }

    public Session startSession(String bucket, String name, String contentType, Map<String, String> metadata,
                                Long ifGenerationMatch) {
        checkName(name);
        bucket(bucket);
        Session s = new Session(UUID.randomUUID().toString().replace("-", ""), bucket, name, contentType, metadata,
                ifGenerationMatch);
        sessions.put(s.id, s);
        return s;
    }

    public Session session(String id) {
        Session s = id == null ? null : sessions.get(id);
        if (s == null) {
            throw new GcsError(404, "notFound", "No such upload session: " + id);
        }
        return s;
    }

    /** Finishes a session: the object appears only now. */
    public StoredObject finish(Session s) {
        synchronized (s) {
            if (s.result == null) {
                StoredObject o = put(s.bucket, s.name, s.contentType, s.metadata, s.data.build(), s.ifGenerationMatch);
                // The session stays to answer a repeated last chunk; its buffers and the object's bytes
                // need not (5,000 finished small uploads held 20 GB, and a deleted object stayed in
                // memory through its session: the server ran out of heap).
                s.data.release();
                s.result = new StoredObject(o.bucket(), o.name(), o.generation(), o.metageneration(), o.contentType(),
                        o.metadata(), o.content().withoutBytes(), o.created());
                return o;
            }
            return s.result;
        }
    }

    public void cancelSession(String id) {
        sessions.remove(id);
    }

    /** Sessions not finished yet (tests check that an abandoned upload left nothing visible). */
    public int openSessions() {
        return (int) sessions.values().stream().filter(s -> s.result == null).count();
    }

    /** Sessions for one object name that are neither finished nor cancelled. */
    public int openSessions(String bucket, String name) {
        return (int) sessions.values().stream()
                .filter(s -> s.result == null && s.bucket.equals(bucket) && s.name.equals(name)).count();
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw GcsError.bad("Required parameter: name");
        }
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 1024) {
            throw GcsError.bad("The object name is too long.");
        }
    }
}
