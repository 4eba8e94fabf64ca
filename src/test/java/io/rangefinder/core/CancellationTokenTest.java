package io.rangefinder.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class CancellationTokenTest {

    @Test
    void freshTokenIsActive() {
        CancellationToken token = CancellationToken.create();
        assertThat(token.isCancelled()).isFalse();
        assertThat(token.reason()).isNull();
        token.throwIfCancelled(); // no exception
        assertThat(token.toString()).contains("active");
    }

    @Test
    void firstReasonWins() {
        CancellationToken token = CancellationToken.create();
        token.cancel("first");
        token.cancel("second");
        token.close();
        assertThat(token.isCancelled()).isTrue();
        assertThat(token.reason()).isEqualTo("first");
        assertThat(token.toString()).contains("first");
    }

    @Test
    void nullReasonBecomesDefault() {
        CancellationToken token = CancellationToken.create();
        token.cancel(null);
        assertThat(token.reason()).isEqualTo("cancelled");
    }

    @Test
    void throwIfCancelledCarriesReason() {
        CancellationToken token = CancellationToken.create();
        token.cancel("user pressed stop");
        assertThatThrownBy(token::throwIfCancelled)
                .isInstanceOf(CancelledException.class)
                .hasMessage("user pressed stop");
    }

    @Test
    void closeCancels() {
        CancellationToken token = CancellationToken.create();
        AtomicInteger runs = new AtomicInteger();
        try (token) {
            token.onCancel(runs::incrementAndGet);
            assertThat(token.isCancelled()).isFalse();
        }
        assertThat(token.isCancelled()).isTrue();
        assertThat(token.reason()).isEqualTo("closed");
        assertThat(runs).hasValue(1);
    }

    @Test
    void callbacksRunOnceInRegistrationOrderOnTheCancellingThread() {
        CancellationToken token = CancellationToken.create();
        List<String> seen = new ArrayList<>();
        Thread caller = Thread.currentThread();
        token.onCancel(() -> seen.add("a:" + (Thread.currentThread() == caller)));
        token.onCancel(() -> seen.add("b:" + (Thread.currentThread() == caller)));
        token.cancel("x");
        token.cancel("y");
        token.close();
        assertThat(seen).containsExactly("a:true", "b:true");
    }

    @Test
    void callbackRegisteredAfterCancelRunsImmediately() {
        CancellationToken token = CancellationToken.create();
        token.cancel("gone");
        AtomicInteger runs = new AtomicInteger();
        token.onCancel(runs::incrementAndGet);
        assertThat(runs).hasValue(1);
        token.cancel("again");
        assertThat(runs).hasValue(1);
    }

    @Test
    void closedRegistrationDoesNotRun() {
        CancellationToken token = CancellationToken.create();
        AtomicInteger dropped = new AtomicInteger();
        AtomicInteger kept = new AtomicInteger();
        CancellationToken.Registration r = token.onCancel(dropped::incrementAndGet);
        token.onCancel(kept::incrementAndGet);
        r.close();
        r.close(); // idempotent
        token.cancel();
        assertThat(dropped).hasValue(0);
        assertThat(kept).hasValue(1);
    }

    @Test
    void registrationClosedByAnEarlierCallbackDoesNotRun() {
        CancellationToken token = CancellationToken.create();
        AtomicInteger later = new AtomicInteger();
        CancellationToken.Registration[] holder = new CancellationToken.Registration[1];
        token.onCancel(() -> holder[0].close());
        holder[0] = token.onCancel(later::incrementAndGet);
        token.cancel();
        assertThat(later).hasValue(0);
    }

    @Test
    void closingRegistrationAfterItRanIsHarmless() {
        CancellationToken token = CancellationToken.create();
        AtomicInteger runs = new AtomicInteger();
        CancellationToken.Registration r = token.onCancel(runs::incrementAndGet);
        token.cancel();
        r.close();
        assertThat(runs).hasValue(1);
    }

    @Test
    void throwingCallbackDoesNotStopOthers() {
        CancellationToken token = CancellationToken.create();
        AtomicInteger runs = new AtomicInteger();
        token.onCancel(runs::incrementAndGet);
        token.onCancel(() -> {
            throw new IllegalStateException("boom (expected by test)");
        });
        token.onCancel(runs::incrementAndGet);
        token.cancel("x");
        assertThat(runs).hasValue(2);
        assertThat(token.reason()).isEqualTo("x");
    }

    @Test
    void throwingCallbackRegisteredAfterCancelDoesNotPropagate() {
        CancellationToken token = CancellationToken.create();
        token.cancel();
        token.onCancel(() -> {
            throw new IllegalStateException("boom (expected by test)");
        });
        assertThat(token.isCancelled()).isTrue();
    }

    @Test
    void childrenAndGrandchildrenFollowTheParent() {
        CancellationToken parent = CancellationToken.create();
        CancellationToken child = parent.child();
        CancellationToken sibling = parent.child();
        CancellationToken grandchild = child.child();
        AtomicInteger grandchildCallbacks = new AtomicInteger();
        grandchild.onCancel(grandchildCallbacks::incrementAndGet);

        parent.cancel("stop all");

        assertThat(child.reason()).isEqualTo("stop all");
        assertThat(sibling.reason()).isEqualTo("stop all");
        assertThat(grandchild.reason()).isEqualTo("stop all");
        assertThat(grandchildCallbacks).hasValue(1);
    }

    @Test
    void cancellingChildLeavesParentAndSiblingsAlone() {
        CancellationToken parent = CancellationToken.create();
        CancellationToken child = parent.child();
        CancellationToken sibling = parent.child();
        CancellationToken grandchild = child.child();
        AtomicInteger parentCallbacks = new AtomicInteger();
        parent.onCancel(parentCallbacks::incrementAndGet);

        child.cancel("only me");

        assertThat(grandchild.reason()).isEqualTo("only me");
        assertThat(parent.isCancelled()).isFalse();
        assertThat(sibling.isCancelled()).isFalse();
        assertThat(parentCallbacks).hasValue(0);

        parent.cancel("later");
        assertThat(child.reason()).isEqualTo("only me");
        assertThat(sibling.reason()).isEqualTo("later");
    }

    @Test
    void childOfCancelledParentStartsCancelled() {
        CancellationToken parent = CancellationToken.create();
        parent.cancel("already");
        CancellationToken child = parent.child();
        assertThat(child.reason()).isEqualTo("already");
    }

    @RepeatedTest(20)
    void concurrentCancelsRunEachCallbackExactlyOnceAndOneReasonWins() throws Exception {
        int callbacks = 200;
        int cancellers = 32;
        CancellationToken token = CancellationToken.create();
        AtomicIntegerArray runs = new AtomicIntegerArray(callbacks);
        for (int i = 0; i < callbacks; i++) {
            int id = i;
            token.onCancel(() -> runs.incrementAndGet(id));
        }
        CyclicBarrier start = new CyclicBarrier(cancellers);
        List<String> reasons = new ArrayList<>();
        try (var exec = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < cancellers; t++) {
                String why = "r" + t;
                reasons.add(why);
                fs.add(exec.submit(() -> {
                    start.await();
                    token.cancel(why);
                    // Cancel returning means the token reads as cancelled to this thread.
                    assertThat(token.isCancelled()).isTrue();
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get(10, TimeUnit.SECONDS);
            }
        }
        assertThat(token.reason()).isIn(reasons);
        for (int i = 0; i < callbacks; i++) {
            assertThat(runs.get(i)).as("callback %d", i).isEqualTo(1);
        }
    }

    @RepeatedTest(20)
    void registeringWhileAnotherThreadCancelsLosesNoCallback() throws Exception {
        int registrars = 16;
        int perRegistrar = 500;
        CancellationToken token = CancellationToken.create();
        AtomicIntegerArray runs = new AtomicIntegerArray(registrars * perRegistrar);
        CountDownLatch started = new CountDownLatch(registrars);
        AtomicInteger registered = new AtomicInteger();
        try (var exec = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < registrars; t++) {
                int base = t * perRegistrar;
                exec.submit(() -> {
                    started.countDown();
                    for (int i = 0; i < perRegistrar; i++) {
                        int id = base + i;
                        token.onCancel(() -> runs.incrementAndGet(id));
                        registered.incrementAndGet();
                        if (i % 50 == 0) {
                            Thread.yield();
                        }
                    }
                });
            }
            exec.submit(() -> {
                started.await();
                // Cancel somewhere in the middle of the registrations.
                while (registered.get() < registrars * perRegistrar / 3) {
                    Thread.onSpinWait();
                }
                token.cancel("mid-flight");
                return null;
            });
        }
        // Every registration happened either before cancel (run by cancel) or after (run at once).
        for (int i = 0; i < runs.length(); i++) {
            assertThat(runs.get(i)).as("callback %d", i).isEqualTo(1);
        }
    }

    @RepeatedTest(10)
    void closingRegistrationsRacingWithCancelNeverRunTwice() throws Exception {
        int n = 2_000;
        CancellationToken token = CancellationToken.create();
        AtomicIntegerArray runs = new AtomicIntegerArray(n);
        List<CancellationToken.Registration> regs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int id = i;
            regs.add(token.onCancel(() -> runs.incrementAndGet(id)));
        }
        try (var exec = Executors.newVirtualThreadPerTaskExecutor()) {
            exec.submit(() -> {
                for (int i = 0; i < n; i += 2) {
                    regs.get(i).close();
                }
            });
            exec.submit(() -> token.cancel("race"));
        }
        for (int i = 0; i < n; i++) {
            assertThat(runs.get(i)).as("callback %d", i).isBetween(0, 1);
            if (i % 2 == 1) {
                assertThat(runs.get(i)).as("never-closed callback %d", i).isEqualTo(1);
            }
        }
    }

    @Test
    void childWithDeadlineCancelsAfterTheDeadlineButNotBefore() {
        CancellationToken parent = CancellationToken.create();
        long start = System.nanoTime();
        CancellationToken child = parent.childWithDeadline(Duration.ofMillis(200));
        AtomicLong firedAt = new AtomicLong();
        child.onCancel(() -> firedAt.set(System.nanoTime()));

        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(5)).until(child::isCancelled);

        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(firedAt.get() - start);
        assertThat(elapsedMs).isGreaterThanOrEqualTo(190).isLessThan(1_500);
        assertThat(child.reason()).contains("deadline").contains("200");
        assertThat(parent.isCancelled()).isFalse();
    }

    @Test
    void cancelAfterCancelsTheTokenItself() {
        CancellationToken token = CancellationToken.create();
        long start = System.nanoTime();
        token.cancelAfter(Duration.ofMillis(100));
        assertThat(token.isCancelled()).isFalse();
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(5)).until(token::isCancelled);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(95));
    }

    @Test
    void cancelAfterOnCancelledTokenKeepsTheOriginalReason() throws Exception {
        CancellationToken token = CancellationToken.create();
        token.cancel("early");
        token.cancelAfter(Duration.ofMillis(1));
        Thread.sleep(50);
        assertThat(token.reason()).isEqualTo("early");
    }

    @Test
    void parentCancelBeatsTheChildDeadline() throws Exception {
        CancellationToken parent = CancellationToken.create();
        CancellationToken child = parent.childWithDeadline(Duration.ofMillis(100));
        parent.cancel("parent first");
        Thread.sleep(200);
        assertThat(child.reason()).isEqualTo("parent first");
    }

    @Test
    void earlyCancelDropsTheDeadlineTimer() {
        // The only public trace of a pending timer is that it keeps the token reachable: once the
        // token is cancelled early, nothing (in particular not the timer queue) may still hold it.
        CancellationToken parent = CancellationToken.create();
        CancellationToken token = parent.childWithDeadline(Duration.ofHours(1));
        token.cancel("early");
        WeakReference<CancellationToken> ref = new WeakReference<>(token);
        token = null;
        assertThat(collected(ref)).as("token cancelled early is still referenced (pending timer?)").isTrue();
        assertThat(parent.isCancelled()).isFalse();
    }

    @Test
    void cancelledChildrenDoNotAccumulateOnTheParent() {
        CancellationToken parent = CancellationToken.create();
        List<WeakReference<CancellationToken>> sample = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            CancellationToken child = parent.child();
            child.cancel("done " + i);
            if (i % 10_000 == 0) {
                sample.add(new WeakReference<>(child));
            }
        }
        for (WeakReference<CancellationToken> ref : sample) {
            assertThat(collected(ref)).as("cancelled child still reachable from its parent").isTrue();
        }
        // The parent still works for children made later.
        CancellationToken late = parent.child();
        parent.cancel("end");
        assertThat(late.reason()).isEqualTo("end");
    }

    private static boolean collected(WeakReference<?> ref) {
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return ref.get() == null;
    }
}
