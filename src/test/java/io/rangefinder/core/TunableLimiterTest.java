package io.rangefinder.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class TunableLimiterTest {

    private final ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor();
    private final CancellationToken live = CancellationToken.create();

    @AfterEach
    void tearDown() {
        live.cancel("test over");
        exec.shutdownNow();
    }

    @Test
    void acquireAndReleaseTrackInFlight() {
        TunableLimiter limiter = new TunableLimiter(2);
        limiter.acquire(live);
        limiter.acquire(live);
        assertThat(limiter.inFlight()).isEqualTo(2);
        assertThat(limiter.tryAcquire()).isFalse();
        limiter.release();
        assertThat(limiter.inFlight()).isEqualTo(1);
        assertThat(limiter.tryAcquire()).isTrue();
        limiter.release();
        limiter.release();
        assertThat(limiter.snapshot()).isEqualTo(new TunableLimiter.Snapshot(2, 0, 0, 3));
    }

    @Test
    void tryAcquireRespectsTheLimit() {
        TunableLimiter limiter = new TunableLimiter(3);
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isFalse();
        assertThat(limiter.inFlight()).isEqualTo(3);
        assertThat(limiter.snapshot().acquired()).isEqualTo(3);
    }

    @Test
    void releaseWithoutAcquireFails() {
        TunableLimiter limiter = new TunableLimiter(1);
        assertThatThrownBy(limiter::release).isInstanceOf(IllegalStateException.class);
        limiter.acquire(live);
        limiter.release();
        assertThatThrownBy(limiter::release).isInstanceOf(IllegalStateException.class);
        assertThat(limiter.inFlight()).isZero();
    }

    @Test
    void invalidLimitsAreRejected() {
        assertThatThrownBy(() -> new TunableLimiter(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TunableLimiter(-3)).isInstanceOf(IllegalArgumentException.class);
        TunableLimiter limiter = new TunableLimiter(4);
        assertThatThrownBy(() -> limiter.setLimit(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
        assertThatThrownBy(() -> limiter.setLimit(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(limiter.limit()).isEqualTo(4);
    }

    @Test
    void acquireWithCancelledTokenFailsAtOnceEvenWithFreePermits() {
        TunableLimiter limiter = new TunableLimiter(5);
        CancellationToken token = CancellationToken.create();
        token.cancel("stop");
        assertThatThrownBy(() -> limiter.acquire(token)).isInstanceOf(CancelledException.class).hasMessage("stop");
        assertThat(limiter.inFlight()).isZero();
    }

    @Test
    void limitIsNeverExceededUnderLoad() throws Exception {
        int limit = 4;
        TunableLimiter limiter = new TunableLimiter(limit);
        AtomicInteger current = new AtomicInteger();
        AtomicInteger maxSeen = new AtomicInteger();
        int workers = 64;
        int rounds = 20;
        List<Future<?>> fs = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            fs.add(exec.submit(() -> {
                for (int i = 0; i < rounds; i++) {
                    limiter.acquire(live);
                    try {
                        int now = current.incrementAndGet();
                        maxSeen.accumulateAndGet(now, Math::max);
                        assertThat(limiter.inFlight()).isLessThanOrEqualTo(limit);
                        Thread.sleep(1);
                    } finally {
                        current.decrementAndGet();
                        limiter.release();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get(15, TimeUnit.SECONDS);
        }
        assertThat(maxSeen.get()).isLessThanOrEqualTo(limit).isGreaterThan(1);
        assertThat(limiter.snapshot()).isEqualTo(new TunableLimiter.Snapshot(limit, 0, 0, (long) workers * rounds));
    }

    @Test
    void waitingCountsBlockedThreads() {
        TunableLimiter limiter = new TunableLimiter(1);
        limiter.acquire(live);
        CountDownLatch done = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            exec.submit(() -> {
                limiter.acquire(live);
                limiter.release();
                done.countDown();
            });
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> limiter.waiting() == 3);
        assertThat(limiter.inFlight()).isEqualTo(1);
        limiter.release();
        await().atMost(Duration.ofSeconds(2)).until(() -> done.getCount() == 0);
        assertThat(limiter.waiting()).isZero();
        assertThat(limiter.inFlight()).isZero();
    }

    @Test
    void cancelledAcquireWakesPromptlyAndStopsWaiting() throws Exception {
        TunableLimiter limiter = new TunableLimiter(1);
        limiter.acquire(live);
        CancellationToken token = CancellationToken.create();
        CompletableFuture<Long> wokeAfter = new CompletableFuture<>();
        AtomicBoolean threwCancelled = new AtomicBoolean();
        long[] cancelledAt = new long[1];
        exec.submit(() -> {
            try {
                limiter.acquire(token);
                wokeAfter.completeExceptionally(new AssertionError("acquired a permit it should not have"));
            } catch (CancelledException e) {
                threwCancelled.set("user stop".equals(e.getMessage()));
                wokeAfter.complete(System.nanoTime());
            }
        });
        await().atMost(Duration.ofSeconds(2)).until(() -> limiter.waiting() == 1);
        Thread.sleep(30); // let it settle into its wait
        cancelledAt[0] = System.nanoTime();
        token.cancel("user stop");
        long woke = wokeAfter.get(2, TimeUnit.SECONDS);
        assertThat(TimeUnit.NANOSECONDS.toMillis(woke - cancelledAt[0])).isLessThan(100);
        assertThat(threwCancelled).isTrue();
        assertThat(limiter.waiting()).isZero();
        assertThat(limiter.inFlight()).isEqualTo(1);
    }

    @Test
    void interruptedAcquireBecomesCancelled() throws Exception {
        TunableLimiter limiter = new TunableLimiter(1);
        limiter.acquire(live);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                limiter.acquire(live);
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        await().atMost(Duration.ofSeconds(2)).until(() -> limiter.waiting() == 1);
        t.interrupt();
        assertThat(outcome.get(2, TimeUnit.SECONDS)).isInstanceOf(CancelledException.class);
        assertThat(limiter.waiting()).isZero();
        assertThat(limiter.inFlight()).isEqualTo(1);
    }

    @Test
    void raisingTheLimitLetsWaitersInPromptly() {
        TunableLimiter limiter = new TunableLimiter(2);
        CountDownLatch hold = new CountDownLatch(1);
        int workers = 10;
        for (int i = 0; i < workers; i++) {
            exec.submit(() -> {
                limiter.acquire(live);
                try {
                    hold.await();
                } finally {
                    limiter.release();
                }
                return null;
            });
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> limiter.waiting() == workers - 2);
        assertThat(limiter.inFlight()).isEqualTo(2);

        long t0 = System.nanoTime();
        limiter.setLimit(7);
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(2))
                .until(() -> limiter.inFlight() == 7);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(1_000);
        assertThat(limiter.waiting()).isEqualTo(workers - 7);

        hold.countDown();
        await().atMost(Duration.ofSeconds(2)).until(() -> limiter.inFlight() == 0 && limiter.waiting() == 0);
        assertThat(limiter.snapshot().acquired()).isEqualTo(workers);
    }

    @Test
    void loweringTheLimitKeepsHoldersAndGatesNewWorkUntilDrained() throws Exception {
        TunableLimiter limiter = new TunableLimiter(6);
        CountDownLatch releaseHolders = new CountDownLatch(1);
        AtomicInteger holdersInterrupted = new AtomicInteger();
        List<Future<?>> holders = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            holders.add(exec.submit(() -> {
                limiter.acquire(live);
                try {
                    releaseHolders.await();
                } catch (InterruptedException e) {
                    holdersInterrupted.incrementAndGet();
                } finally {
                    limiter.release();
                }
                return null;
            }));
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> limiter.inFlight() == 6);

        limiter.setLimit(2);
        assertThat(limiter.limit()).isEqualTo(2);
        assertThat(limiter.inFlight()).isEqualTo(6); // nobody is thrown out
        assertThat(limiter.tryAcquire()).isFalse();

        // New work arrives while over the limit; it must wait.
        AtomicInteger newCurrent = new AtomicInteger();
        AtomicInteger newMax = new AtomicInteger();
        AtomicInteger overLimit = new AtomicInteger();
        int newWorkers = 12;
        List<Future<?>> fresh = new ArrayList<>();
        for (int i = 0; i < newWorkers; i++) {
            fresh.add(exec.submit(() -> {
                for (int r = 0; r < 5; r++) {
                    limiter.acquire(live);
                    try {
                        newMax.accumulateAndGet(newCurrent.incrementAndGet(), Math::max);
                        if (limiter.inFlight() > 2) {
                            overLimit.incrementAndGet();
                        }
                        Thread.sleep(1);
                    } finally {
                        newCurrent.decrementAndGet();
                        limiter.release();
                    }
                }
                return null;
            }));
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> limiter.waiting() == newWorkers);
        Thread.sleep(150); // longer than the limiter's internal wait slice
        assertThat(newMax.get()).as("new work admitted while over the lowered limit").isZero();
        assertThat(limiter.inFlight()).isEqualTo(6);

        releaseHolders.countDown();
        for (Future<?> f : holders) {
            f.get(5, TimeUnit.SECONDS);
        }
        for (Future<?> f : fresh) {
            f.get(10, TimeUnit.SECONDS);
        }
        assertThat(holdersInterrupted).hasValue(0);
        assertThat(newMax.get()).isBetween(1, 2);
        assertThat(overLimit).hasValue(0);
        assertThat(limiter.snapshot()).isEqualTo(new TunableLimiter.Snapshot(2, 0, 0, 6 + newWorkers * 5L));
    }

    @Test
    void loweringAndRaisingWhileHammeredStaysWithinTheCurrentLimit() throws Exception {
        TunableLimiter limiter = new TunableLimiter(8);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger violations = new AtomicInteger();
        List<Future<?>> fs = new ArrayList<>();
        for (int w = 0; w < 32; w++) {
            fs.add(exec.submit(() -> {
                while (!stop.get()) {
                    limiter.acquire(live);
                    try {
                        TunableLimiter.Snapshot s = limiter.snapshot();
                        // In-flight may exceed a lowered limit only while old holders drain,
                        // but never the largest limit this test ever sets.
                        if (s.inFlight() > 8) {
                            violations.incrementAndGet();
                        }
                        Thread.sleep(1);
                    } finally {
                        limiter.release();
                    }
                }
                return null;
            }));
        }
        for (int i = 0; i < 5; i++) {
            limiter.setLimit(1 + (i % 2) * 7);
            Thread.sleep(40);
        }
        // End on a low limit, let it drain, then check the ceiling holds.
        limiter.setLimit(3);
        await().atMost(Duration.ofSeconds(2)).until(() -> limiter.inFlight() <= 3);
        int maxAfterDrain = 0;
        for (int i = 0; i < 200; i++) {
            maxAfterDrain = Math.max(maxAfterDrain, limiter.inFlight());
            Thread.sleep(0, 200_000);
        }
        stop.set(true);
        for (Future<?> f : fs) {
            f.get(5, TimeUnit.SECONDS);
        }
        assertThat(violations).hasValue(0);
        assertThat(maxAfterDrain).isLessThanOrEqualTo(3);
        assertThat(limiter.inFlight()).isZero();
        assertThat(limiter.waiting()).isZero();
    }

    @Test
    void cancellingOneWaiterDoesNotStrandOthers() throws Exception {
        TunableLimiter limiter = new TunableLimiter(1);
        limiter.acquire(live);
        CancellationToken doomed = CancellationToken.create();
        Future<?> cancelled = exec.submit(() -> {
            limiter.acquire(doomed);
            return null;
        });
        Future<?> survivor = exec.submit(() -> {
            limiter.acquire(live);
            limiter.release();
            return null;
        });
        await().atMost(Duration.ofSeconds(2)).until(() -> limiter.waiting() == 2);
        doomed.cancel("bye");
        assertThatThrownBy(() -> cancelled.get(2, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(CancelledException.class);
        limiter.release();
        survivor.get(2, TimeUnit.SECONDS);
        assertThat(limiter.snapshot()).isEqualTo(new TunableLimiter.Snapshot(1, 0, 0, 2));
    }
}
