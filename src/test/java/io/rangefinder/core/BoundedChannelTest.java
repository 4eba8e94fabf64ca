package io.rangefinder.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class BoundedChannelTest {

    private final ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor();
    private final CancellationToken live = CancellationToken.create();

    @AfterEach
    void tearDown() {
        live.cancel("test over");
        exec.shutdownNow();
    }

    /** Starts a put on a virtual thread; the future completes when the put returns or throws. */
    private CompletableFuture<Void> putAsync(BoundedChannel<Integer> ch, int item, CancellationToken token) {
        return CompletableFuture.runAsync(() -> ch.put(item, token), exec);
    }

    private CompletableFuture<Integer> takeAsync(BoundedChannel<Integer> ch, CancellationToken token) {
        return CompletableFuture.supplyAsync(() -> ch.take(token), exec);
    }

    private static void assertStillBlocked(CompletableFuture<?> f) throws InterruptedException {
        Thread.sleep(150); // longer than the channel's internal wait slice
        assertThat(f).as("should still be blocked").isNotDone();
    }

    private static Throwable failureOf(CompletableFuture<?> f) throws Exception {
        try {
            f.get(2, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected failure, completed normally");
    }

    @Test
    void deliversInFifoOrder() {
        BoundedChannel<Integer> ch = new BoundedChannel<>(10);
        for (int i = 0; i < 10; i++) {
            ch.put(i, live);
        }
        for (int i = 0; i < 10; i++) {
            assertThat(ch.take(live)).isEqualTo(i);
        }
        assertThat(ch.poll()).isNull();
    }

    @Test
    void offerAndPollDoNotBlock() {
        BoundedChannel<String> ch = new BoundedChannel<>(2);
        assertThat(ch.offer("a")).isTrue();
        assertThat(ch.offer("b")).isTrue();
        assertThat(ch.offer("c")).isFalse();
        assertThat(ch.depth()).isEqualTo(2);
        assertThat(ch.poll()).isEqualTo("a");
        assertThat(ch.poll()).isEqualTo("b");
        assertThat(ch.poll()).isNull();
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> new BoundedChannel<>(0)).isInstanceOf(IllegalArgumentException.class);
        BoundedChannel<String> ch = new BoundedChannel<>(1);
        assertThatThrownBy(() -> ch.setCapacity(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ch.put(null, live)).isInstanceOf(NullPointerException.class);
        assertThat(ch.capacity()).isEqualTo(1);
    }

    @Test
    void putBlocksWhenFullUntilATake() throws Exception {
        BoundedChannel<Integer> ch = new BoundedChannel<>(2);
        ch.put(1, live);
        ch.put(2, live);
        CompletableFuture<Void> producer = putAsync(ch, 3, live);
        assertStillBlocked(producer);
        assertThat(ch.depth()).isEqualTo(2);

        assertThat(ch.take(live)).isEqualTo(1);
        producer.get(2, TimeUnit.SECONDS);
        assertThat(ch.take(live)).isEqualTo(2);
        assertThat(ch.take(live)).isEqualTo(3);
    }

    @Test
    void takeBlocksWhenEmptyUntilAPut() throws Exception {
        BoundedChannel<Integer> ch = new BoundedChannel<>(2);
        CompletableFuture<Integer> consumer = takeAsync(ch, live);
        assertStillBlocked(consumer);
        ch.put(42, live);
        assertThat(consumer.get(2, TimeUnit.SECONDS)).isEqualTo(42);
    }

    @Test
    void raisingCapacityUnblocksProducers() throws Exception {
        BoundedChannel<Integer> ch = new BoundedChannel<>(1);
        ch.put(0, live);
        List<CompletableFuture<Void>> producers = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            producers.add(putAsync(ch, i, live));
        }
        assertStillBlocked(producers.get(0));
        ch.setCapacity(4);
        CompletableFuture.allOf(producers.toArray(CompletableFuture[]::new)).get(1, TimeUnit.SECONDS);
        assertThat(ch.snapshot()).isEqualTo(new BoundedChannel.Snapshot(4, 4, 4, false, false));
    }

    @Test
    void loweringCapacityKeepsItemsAndBlocksProducersUntilBelowIt() throws Exception {
        BoundedChannel<Integer> ch = new BoundedChannel<>(5);
        for (int i = 0; i < 5; i++) {
            ch.put(i, live);
        }
        ch.setCapacity(2);
        assertThat(ch.depth()).isEqualTo(5);
        assertThat(ch.offer(99)).isFalse();

        CompletableFuture<Void> producer = putAsync(ch, 5, live);
        assertStillBlocked(producer);
        assertThat(ch.take(live)).isEqualTo(0); // depth 4
        assertThat(ch.take(live)).isEqualTo(1); // depth 3
        assertThat(ch.take(live)).isEqualTo(2); // depth 2 == capacity
        assertStillBlocked(producer);
        assertThat(ch.take(live)).isEqualTo(3); // depth 1 < capacity
        producer.get(2, TimeUnit.SECONDS);
        assertThat(ch.take(live)).isEqualTo(4);
        assertThat(ch.take(live)).isEqualTo(5);
        assertThat(ch.snapshot().maxDepth()).isEqualTo(5);
    }

    @Test
    void closeLetsConsumersDrainThenReturnsNull() {
        BoundedChannel<Integer> ch = new BoundedChannel<>(4);
        ch.put(1, live);
        ch.put(2, live);
        ch.close();
        assertThat(ch.isClosed()).isTrue();
        assertThatThrownBy(() -> ch.put(3, live)).isInstanceOf(BoundedChannel.ClosedException.class);
        assertThatThrownBy(() -> ch.offer(3)).isInstanceOf(BoundedChannel.ClosedException.class);
        assertThat(ch.take(live)).isEqualTo(1);
        assertThat(ch.take(live)).isEqualTo(2);
        assertThat(ch.take(live)).isNull();
        assertThat(ch.take(live)).isNull();
        assertThat(ch.snapshot()).isEqualTo(new BoundedChannel.Snapshot(0, 4, 2, true, false));
    }

    @Test
    void closeWakesBlockedConsumersWithNullAndProducersWithClosedException() throws Exception {
        BoundedChannel<Integer> empty = new BoundedChannel<>(1);
        CompletableFuture<Integer> consumer = takeAsync(empty, live);

        BoundedChannel<Integer> full = new BoundedChannel<>(1);
        full.put(7, live);
        CompletableFuture<Void> producer = putAsync(full, 8, live);

        assertStillBlocked(consumer);
        assertStillBlocked(producer);
        long t0 = System.nanoTime();
        empty.close();
        full.close();
        assertThat(consumer.get(1, TimeUnit.SECONDS)).isNull();
        assertThat(failureOf(producer)).isInstanceOf(BoundedChannel.ClosedException.class);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(100);
        assertThat(full.take(live)).isEqualTo(7); // queued item survives close
        assertThat(full.take(live)).isNull();
    }

    @Test
    void cancelWakesEveryoneAtOnceWithClosedException() throws Exception {
        BoundedChannel<Integer> empty = new BoundedChannel<>(1);
        List<CompletableFuture<Integer>> consumers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            consumers.add(takeAsync(empty, live));
        }
        BoundedChannel<Integer> full = new BoundedChannel<>(1);
        full.put(1, live);
        List<CompletableFuture<Void>> producers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            producers.add(putAsync(full, 10 + i, live));
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> consumers.stream().noneMatch(CompletableFuture::isDone));
        Thread.sleep(50);

        long t0 = System.nanoTime();
        empty.cancel("abort run");
        full.cancel("abort run");
        for (CompletableFuture<Integer> c : consumers) {
            assertThat(failureOf(c)).isInstanceOf(BoundedChannel.ClosedException.class).hasMessageContaining("abort run");
        }
        for (CompletableFuture<Void> p : producers) {
            assertThat(failureOf(p)).isInstanceOf(BoundedChannel.ClosedException.class).hasMessageContaining("abort run");
        }
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(100);
        assertThat(full.snapshot()).isEqualTo(new BoundedChannel.Snapshot(0, 1, 1, true, true));
        assertThatThrownBy(() -> full.take(live)).isInstanceOf(BoundedChannel.ClosedException.class);
    }

    @Test
    void cancelDropsQueuedItemsAndKeepsFirstReason() {
        BoundedChannel<Integer> ch = new BoundedChannel<>(3);
        ch.put(1, live);
        ch.put(2, live);
        ch.cancel("first");
        ch.cancel("second");
        assertThat(ch.depth()).isZero();
        assertThatThrownBy(() -> ch.take(live)).hasMessageContaining("first");
        assertThatThrownBy(() -> ch.put(3, live)).isInstanceOf(BoundedChannel.ClosedException.class)
                .hasMessageContaining("first");
    }

    @Test
    void tokenCancellationWakesBlockedPutAndTake() throws Exception {
        BoundedChannel<Integer> empty = new BoundedChannel<>(1);
        BoundedChannel<Integer> full = new BoundedChannel<>(1);
        full.put(1, live);
        CancellationToken token = CancellationToken.create();
        CompletableFuture<Integer> consumer = takeAsync(empty, token);
        CompletableFuture<Void> producer = putAsync(full, 2, token);
        assertStillBlocked(consumer);
        assertStillBlocked(producer);

        long t0 = System.nanoTime();
        token.cancel("run stopped");
        assertThat(failureOf(consumer)).isInstanceOf(CancelledException.class).hasMessage("run stopped");
        assertThat(failureOf(producer)).isInstanceOf(CancelledException.class).hasMessage("run stopped");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(100);
        // The channels themselves are untouched.
        assertThat(empty.isClosed()).isFalse();
        assertThat(full.depth()).isEqualTo(1);
        assertThat(full.take(live)).isEqualTo(1);
    }

    @Test
    void iteratorDrainsUntilClosed() throws Exception {
        BoundedChannel<Integer> ch = new BoundedChannel<>(3);
        CompletableFuture<List<Integer>> consumer = CompletableFuture.supplyAsync(() -> {
            List<Integer> got = new ArrayList<>();
            for (Integer i : ch) {
                got.add(i);
            }
            return got;
        }, exec);
        for (int i = 0; i < 20; i++) {
            ch.put(i, live);
        }
        assertStillBlocked(consumer);
        ch.close();
        List<Integer> got = consumer.get(2, TimeUnit.SECONDS);
        assertThat(got).hasSize(20);
        for (int i = 0; i < 20; i++) {
            assertThat(got.get(i)).isEqualTo(i);
        }
        var it = ch.iterator();
        assertThat(it.hasNext()).isFalse();
        assertThatThrownBy(it::next).isInstanceOf(java.util.NoSuchElementException.class);
    }

    @Test
    void tokenIteratorStopsOnCancel() throws Exception {
        BoundedChannel<Integer> ch = new BoundedChannel<>(3);
        CancellationToken token = CancellationToken.create();
        ch.put(1, live);
        var it = ch.iterator(token);
        assertThat(it.next()).isEqualTo(1);
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(it::hasNext, exec);
        assertStillBlocked(waiting);
        token.cancel("enough");
        assertThat(failureOf(waiting)).isInstanceOf(CancelledException.class);
    }

    @Test
    void manyProducersAndConsumersDeliverEveryItemExactlyOnce() throws Exception {
        int producers = 8;
        int consumers = 8;
        int perProducer = 5_000;
        int total = producers * perProducer;
        BoundedChannel<Integer> ch = new BoundedChannel<>(16);
        AtomicIntegerArray seen = new AtomicIntegerArray(total);
        AtomicInteger received = new AtomicInteger();
        ConcurrentLinkedQueue<String> orderViolations = new ConcurrentLinkedQueue<>();

        List<Future<?>> ps = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int base = p * perProducer;
            ps.add(exec.submit(() -> {
                for (int i = 0; i < perProducer; i++) {
                    ch.put(base + i, live);
                }
                return null;
            }));
        }
        List<Future<?>> cs = new ArrayList<>();
        for (int c = 0; c < consumers; c++) {
            cs.add(exec.submit(() -> {
                int[] lastPerProducer = new int[producers];
                java.util.Arrays.fill(lastPerProducer, -1);
                Integer item;
                while ((item = ch.take(live)) != null) {
                    seen.incrementAndGet(item);
                    received.incrementAndGet();
                    // A single consumer must see each producer's items in the order they were put.
                    int p = item / perProducer;
                    if (item <= lastPerProducer[p]) {
                        orderViolations.add(item + " after " + lastPerProducer[p]);
                    }
                    lastPerProducer[p] = item;
                }
                return null;
            }));
        }
        // Vary the capacity while traffic flows.
        for (int i = 0; i < 10; i++) {
            ch.setCapacity(1 + (i * 7) % 32);
            Thread.sleep(2);
        }
        for (Future<?> f : ps) {
            f.get(15, TimeUnit.SECONDS);
        }
        ch.close();
        for (Future<?> f : cs) {
            f.get(15, TimeUnit.SECONDS);
        }
        assertThat(received).hasValue(total);
        for (int i = 0; i < total; i++) {
            if (seen.get(i) != 1) {
                throw new AssertionError("item " + i + " delivered " + seen.get(i) + " times");
            }
        }
        assertThat(orderViolations).isEmpty();
        BoundedChannel.Snapshot s = ch.snapshot();
        assertThat(s.depth()).isZero();
        assertThat(s.maxDepth()).isBetween(1, 32);
        assertThat(s.closed()).isTrue();
        assertThat(s.cancelled()).isFalse();
    }

    @Test
    void snapshotTracksDepthCapacityAndHighWaterMark() {
        BoundedChannel<Integer> ch = new BoundedChannel<>(8);
        assertThat(ch.snapshot()).isEqualTo(new BoundedChannel.Snapshot(0, 8, 0, false, false));
        for (int i = 0; i < 6; i++) {
            ch.put(i, live);
        }
        ch.take(live);
        ch.take(live);
        ch.offer(100);
        ch.setCapacity(3);
        assertThat(ch.snapshot()).isEqualTo(new BoundedChannel.Snapshot(5, 3, 6, false, false));
    }
}
