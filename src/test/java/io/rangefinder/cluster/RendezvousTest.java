package io.rangefinder.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.CancelledException;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.PutOptions;
import io.rangefinder.testing.EveryStore;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Workers meeting in a real store (S3Proxy, a local folder), as threads of one JVM. */
class RendezvousTest {

    @TempDir
    Path dir;

    private record Met(Instant start, Instant woke) {
    }

    private static CompletableFuture<Met> worker(ObjectStore store, ObjectUri meeting, int rank, int world, Duration timeout,
                                                 CancellationToken token) {
        return CompletableFuture.supplyAsync(() -> {
            Instant at = new Rendezvous(store, meeting, new WorldInfo(rank, world, "test"), timeout).await(token);
            Rendezvous.sleepUntil(at, token);
            return new Met(at, Instant.now());
        }, r -> Thread.ofPlatform().start(r));
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3", "file"})
    void fourWorkersMeetAndWakeTogether(String scheme) throws Exception {
        String container = "meet-" + scheme + "-" + Long.toHexString(System.nanoTime());
        try (ObjectStore store = EveryStore.open(scheme, container, dir); CancellationToken token = CancellationToken.create()) {
            store.createContainer(container);
            ObjectUri meeting = EveryStore.uri(scheme, container, "results/_rendezvous/");
            List<CompletableFuture<Met>> all = new ArrayList<>();
            for (int r = 3; r >= 0; r--) { // the leader comes last
                all.add(worker(store, meeting, r, 4, Duration.ofSeconds(30), token));
                Thread.sleep(150);
            }
            List<Met> met = new ArrayList<>();
            for (CompletableFuture<Met> f : all) {
                met.add(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(met.stream().map(Met::start).distinct()).hasSize(1);
            Instant first = met.stream().map(Met::woke).min(Instant::compareTo).orElseThrow();
            Instant last = met.stream().map(Met::woke).max(Instant::compareTo).orElseThrow();
            assertThat(Duration.between(first, last)).isLessThan(Duration.ofMillis(20));
            assertThat(first).isAfterOrEqualTo(met.getFirst().start());
        }
    }

    @Test
    void aRankThatNeverComesIsNamedByTheOthersInTime() throws Exception {
        String container = "meet-missing-" + Long.toHexString(System.nanoTime());
        try (ObjectStore store = EveryStore.open("s3", container, dir); CancellationToken token = CancellationToken.create()) {
            store.createContainer(container);
            ObjectUri meeting = EveryStore.uri("s3", container, "r/_rendezvous/");
            long began = System.nanoTime();
            List<CompletableFuture<Met>> all = new ArrayList<>();
            for (int r : new int[] {0, 1, 3}) { // rank 2 of 4 never comes
                all.add(worker(store, meeting, r, 4, Duration.ofSeconds(2), token));
            }
            for (CompletableFuture<Met> f : all) {
                assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                        .cause().isInstanceOf(RendezvousException.class).hasMessage("rank 2 did not arrive within 2 s");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(2).plus(Rendezvous.grace(4)).plusSeconds(3));
        }
    }

    @Test
    void whenTheLeaderNeverComesTheFollowersNameItThemselves() throws Exception {
        String container = "meet-noleader-" + Long.toHexString(System.nanoTime());
        try (ObjectStore store = EveryStore.open("s3", container, dir); CancellationToken token = CancellationToken.create()) {
            store.createContainer(container);
            ObjectUri meeting = EveryStore.uri("s3", container, "r/_rendezvous/");
            CompletableFuture<Met> one = worker(store, meeting, 1, 3, Duration.ofSeconds(1), token);
            CompletableFuture<Met> two = worker(store, meeting, 2, 3, Duration.ofSeconds(1), token);
            for (CompletableFuture<Met> f : List.of(one, two)) {
                assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(RendezvousException.class)
                        .hasMessage("rank 0 did not arrive within 1 s");
            }
        }
    }

    @Test
    void aStartLeftByAnEarlierRunIsNotTaken() throws Exception {
        String container = "meet-stale-" + Long.toHexString(System.nanoTime());
        try (ObjectStore store = EveryStore.open("s3", container, dir); CancellationToken token = CancellationToken.create()) {
            store.createContainer(container);
            ObjectUri meeting = EveryStore.uri("s3", container, "r/_rendezvous/");
            byte[] old = ("{\"startAt\":\"" + Instant.now().minusSeconds(60) + "\",\"world\":2,\"announcedAt\":\""
                    + Instant.now().minusSeconds(61) + "\"}").getBytes(StandardCharsets.UTF_8);
            store.put(container, "r/_rendezvous/start", new ByteArrayInputStream(old), old.length, PutOptions.contentType("application/json"));
            CompletableFuture<Met> follower = worker(store, meeting, 1, 2, Duration.ofSeconds(20), token);
            Thread.sleep(1500); // long enough to have read the stale start many times
            assertThat(follower).isNotDone();
            Met leader = worker(store, meeting, 0, 2, Duration.ofSeconds(20), token).get(30, TimeUnit.SECONDS);
            assertThat(follower.get(30, TimeUnit.SECONDS).start()).isEqualTo(leader.start()).isAfter(Instant.now().minusSeconds(10));
        }
    }

    @Test
    void cancellingEndsTheWaitPromptly() throws Exception {
        String container = "meet-cancel-" + Long.toHexString(System.nanoTime());
        try (ObjectStore store = EveryStore.open("s3", container, dir); CancellationToken token = CancellationToken.create()) {
            store.createContainer(container);
            CompletableFuture<Met> waiting = worker(store, EveryStore.uri("s3", container, "r/_rendezvous/"), 1, 2,
                    Duration.ofMinutes(5), token);
            Thread.sleep(500);
            long t = System.nanoTime();
            token.cancel("stop");
            assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(CancelledException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void theTimingsBoundWhatAThousandWorkersCostTheStore() {
        assertThat(Rendezvous.pollInterval(4)).isEqualTo(Duration.ofMillis(100));
        assertThat(Rendezvous.pollInterval(1000)).isEqualTo(Duration.ofSeconds(5));
        // every follower reading once per interval: at most POLLS_PER_SECOND reads a second in all
        for (int world : new int[] {2, 20, 100, 1000, 10_000}) {
            double readsPerSecond = (world - 1) / (Rendezvous.pollInterval(world).toMillis() / 1000.0);
            assertThat(readsPerSecond).as("world %d", world).isLessThanOrEqualTo(Math.max(Rendezvous.POLLS_PER_SECOND, 10.0 * world));
            assertThat(Rendezvous.lead(world)).isGreaterThan(Rendezvous.pollInterval(world).multipliedBy(2));
        }
        assertThat((1000 - 1) / 5.0).isLessThanOrEqualTo(Rendezvous.POLLS_PER_SECOND);
        assertThat(Rendezvous.listInterval(1000)).isEqualTo(Duration.ofMillis(250));
    }
}
