package io.rangefinder.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.CancelledException;
import io.rangefinder.storage.ListPage;
import io.rangefinder.storage.ListRequest;
import io.rangefinder.storage.ObjectInfo;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.PutOptions;
import io.rangefinder.storage.StorageException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Workers of one run meet in a folder of the store they benchmark, with no coordinator of our
 * own, and start at one instant.
 *
 * <ol>
 *   <li>Every rank writes one small object, {@code rank-00007}, once.</li>
 *   <li>Rank 0, the leader, lists the folder every {@link #listInterval(int)} until every rank is
 *       there, then writes {@code start}: an instant {@link #lead(int)} ahead, long enough for every
 *       follower's next poll to see it.</li>
 *   <li>The other ranks read {@code start} every {@link #pollInterval(int)}, an interval that grows
 *       with the world so that all of them together ask at most {@link #POLLS_PER_SECOND} times a
 *       second, whatever the world.</li>
 *   <li>Nobody waits forever: past the timeout the leader writes an abort naming the missing
 *       ranks; a follower that hears nothing (the leader is the one missing) lists the folder once
 *       itself. Either way: {@link RendezvousException}, "rank 3 did not arrive within 6 s".</li>
 * </ol>
 *
 * A {@code start} or abort left from an earlier run in the same folder is ignored: a follower only
 * takes one announced after it arrived itself, and the leader only counts arrivals from its own
 * timeout window. The instants are the machines' clocks (NTP keeps them within a few ms).
 */
public final class Rendezvous {

    /** What all followers together may cost the store, in reads per second. */
    public static final int POLLS_PER_SECOND = 200;
    private static final Duration MIN_POLL = Duration.ofMillis(100);
    private static final Duration MIN_LIST = Duration.ofMillis(250);
    private static final Pattern ARRIVAL = Pattern.compile("rank-(\\d{5,})$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectStore store;
    private final String container;
    private final String folder;
    private final WorldInfo info;
    private final Duration timeout;

    /** @param meeting the folder the workers meet in (e.g. {@code s3://b/results/run-1/_rendezvous/}) */
    public Rendezvous(ObjectStore store, ObjectUri meeting, WorldInfo info, Duration timeout) {
        if (meeting.container().isEmpty()) {
            throw new IllegalArgumentException("'" + meeting + "' has no bucket or container to meet in");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the rendezvous timeout must be positive");
        }
        this.store = store;
        this.container = meeting.container();
        String k = meeting.key();
        this.folder = k.isEmpty() || k.endsWith("/") ? k : k + "/";
        this.info = info;
        this.timeout = timeout;
    }

    /** How often a follower reads {@code start}: every 100 ms for small worlds, world/200 s beyond 20 workers. */
    public static Duration pollInterval(int world) {
        long ms = (long) Math.ceil(world * 1000.0 / POLLS_PER_SECOND);
        return Duration.ofMillis(Math.max(MIN_POLL.toMillis(), ms));
    }

    /** How often the leader lists the folder: every 250 ms, plus 250 ms per 1,000-key page. */
    public static Duration listInterval(int world) {
        long pages = (world + 999) / 1000;
        return Duration.ofMillis(Math.max(MIN_LIST.toMillis(), 250 * pages));
    }

    /**
     * How far ahead the start is announced: two follower polls and 1.5 s for the read itself. Half a
     * second was once too little: four fresh JVMs on two cores (their JIT busy) let one follower read
     * the start after its instant, and it began 114 ms behind the others.
     */
    public static Duration lead(int world) {
        return pollInterval(world).multipliedBy(2).plusMillis(1500);
    }

    /** How long after its timeout a follower waits for the leader's word before it looks for itself. */
    static Duration grace(int world) {
        return pollInterval(world).multipliedBy(2).plusSeconds(2);
    }

    /** Announces this rank, waits for the others, and returns the common start instant (not yet slept until). */
    public Instant await(CancellationToken token) {
        Instant arrived = Instant.now();
        if (info.rank() == 0) {
            clearOldStart();
        }
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("rank", info.rank());
        me.put("world", info.world());
        me.put("arrivedAt", arrived.toString());
        me.put("pid", ProcessHandle.current().pid());
        write(arrivalKey(info.rank()), me);
        return info.rank() == 0 ? lead(arrived, token) : follow(arrived, token);
    }

    private Instant lead(Instant arrived, CancellationToken token) {
        Instant deadline = arrived.plus(timeout);
        // a worker may have arrived up to a whole timeout before the leader; anything older is from another run
        Instant oldest = arrived.minus(timeout).minusSeconds(5);
        while (true) {
            token.throwIfCancelled();
            BitSet present = arrivals(oldest);
            if (present.cardinality() >= info.world()) {
                Instant start = Instant.now().plus(lead(info.world()));
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("startAt", start.toString());
                m.put("world", info.world());
                m.put("announcedAt", Instant.now().toString());
                write(startKey(), m);
                return start;
            }
            if (Instant.now().isAfter(deadline)) {
                List<Integer> missing = missing(present);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("abort", true);
                m.put("missing", missing);
                m.put("announcedAt", Instant.now().toString());
                try {
                    write(startKey(), m);
                } catch (StorageException e) {
                    // the followers find out for themselves after their grace
                }
                throw new RendezvousException(missing, timeout);
            }
            pause(listInterval(info.world()), token);
        }
    }

    private Instant follow(Instant arrived, CancellationToken token) {
        Duration poll = pollInterval(info.world());
        Instant giveUp = arrived.plus(timeout).plus(grace(info.world()));
        // spread the first reads over one interval: the workers do not all ask in the same millisecond
        pause(Duration.ofNanos(ThreadLocalRandom.current().nextLong(poll.toNanos())), token);
        while (true) {
            token.throwIfCancelled();
            JsonNode start = read(startKey());
            if (start != null) {
                Instant announced = instant(start, "announcedAt");
                if (start.path("abort").asBoolean(false)) {
                    if (announced != null && !announced.isBefore(arrived)) {
                        List<Integer> missing = new ArrayList<>();
                        start.path("missing").forEach(n -> missing.add(n.asInt()));
                        throw new RendezvousException(missing, timeout);
                    }
                } else {
                    Instant at = instant(start, "startAt");
                    if (at != null && at.isAfter(arrived) && start.path("world").asInt(-1) == info.world()) {
                        return at;
                    }
                }
            }
            if (Instant.now().isAfter(giveUp)) {
                throw new RendezvousException(missing(arrivals(arrived.minus(timeout).minusSeconds(5))), timeout);
            }
            pause(poll, token);
        }
    }

    /** The ranks that have announced themselves since {@code oldest}. */
    private BitSet arrivals(Instant oldest) {
        BitSet present = new BitSet(info.world());
        Iterator<ListPage> pages = store.pages(ListRequest.recursive(container, folder));
        while (pages.hasNext()) {
            for (ObjectInfo o : pages.next().objects()) {
                Matcher m = ARRIVAL.matcher(o.key());
                if (!m.find()) {
                    continue;
                }
                if (o.lastModified() != null && o.lastModified().isBefore(oldest)) {
                    continue;
                }
                long r = Long.parseLong(m.group(1));
                if (r < info.world()) {
                    present.set((int) r);
                }
            }
        }
        return present;
    }

    private List<Integer> missing(BitSet present) {
        List<Integer> missing = new ArrayList<>();
        for (int r = present.nextClearBit(0); r < info.world(); r = present.nextClearBit(r + 1)) {
            missing.add(r);
        }
        return missing;
    }

    private void clearOldStart() {
        try {
            store.delete(container, startKey());
        } catch (StorageException.NotFound e) {
            // nothing from an earlier run
        }
    }

    private String arrivalKey(int rank) {
        return folder + String.format(Locale.ROOT, "rank-%05d", rank);
    }

    private String startKey() {
        return folder + "start";
    }

    private void write(String key, Map<String, Object> body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        store.put(container, key, new ByteArrayInputStream(bytes), bytes.length, PutOptions.contentType("application/json"));
    }

    private JsonNode read(String key) {
        try (InputStream in = store.get(container, key)) {
            return JSON.readTree(in.readAllBytes());
        } catch (StorageException.NotFound e) {
            return null;
        } catch (IOException e) {
            return null; // half-written or unreadable: read again next poll
        }
    }

    private static Instant instant(JsonNode n, String field) {
        try {
            return n.hasNonNull(field) ? Instant.parse(n.get(field).asText()) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void pause(Duration d, CancellationToken token) {
        long until = System.nanoTime() + d.toNanos();
        while (true) {
            token.throwIfCancelled();
            long left = until - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                Thread.sleep(Duration.ofNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException("interrupted while waiting for the other workers");
            }
        }
    }

    /**
     * Returns at {@code at} on this machine's clock, within about a millisecond: sleeps until a few
     * ms before, then parks in short steps. Cancellable throughout.
     */
    public static void sleepUntil(Instant at, CancellationToken token) {
        while (true) {
            token.throwIfCancelled();
            long left = Duration.between(Instant.now(), at).toNanos();
            if (left <= 0) {
                return;
            }
            if (left > TimeUnit.MILLISECONDS.toNanos(15)) {
                pause(Duration.ofNanos(Math.min(left - TimeUnit.MILLISECONDS.toNanos(10), TimeUnit.MILLISECONDS.toNanos(100))), token);
            } else {
                LockSupport.parkNanos(Math.min(left, 200_000));
            }
        }
    }
}
