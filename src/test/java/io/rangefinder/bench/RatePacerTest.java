package io.rangefinder.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rangefinder.core.CancellationToken;
import org.junit.jupiter.api.Test;

/** The open-loop schedule: spacing by the rate, and a retune that starts a new schedule. */
class RatePacerTest {

    private final CancellationToken token = CancellationToken.create();

    @Test
    void fixedSpacingPlansOneStartPerIntervalWithoutDrift() {
        RatePacer pacer = new RatePacer(1000, false, 1);
        long first = pacer.awaitSlot(token);
        long last = first;
        for (int i = 0; i < 99; i++) {
            last = pacer.awaitSlot(token);
        }
        // 100 starts at 1,000/s: the last is planned 99 ms after the first, to the nanosecond
        assertThat(last - first).isEqualTo(99 * 1_000_000L);
    }

    @Test
    void aRetuneStartsANewScheduleInsteadOfOwingABurst() throws Exception {
        RatePacer pacer = new RatePacer(10, false, 1);
        pacer.awaitSlot(token);
        pacer.awaitSlot(token); // planned 100 ms after the first
        pacer.setRate(0);       // unpaced for a while: the old schedule falls behind
        Thread.sleep(300);
        long before = System.nanoTime();
        pacer.setRate(1000);
        long slot = pacer.awaitSlot(token);
        // the new schedule starts now: not at a slot in the past that would let a backlog through at once
        assertThat(slot).isGreaterThanOrEqualTo(before);
        assertThat(pacer.behindSeconds()).isLessThan(0.25);
    }

    @Test
    void refusesARateThatIsNotAnumberOfOpsPerSecond() {
        RatePacer pacer = new RatePacer(0, false, 1);
        assertThat(pacer.paced()).isFalse();
        assertThatThrownBy(() -> pacer.setRate(-1)).hasMessageContaining("rate must be 0");
        assertThatThrownBy(() -> pacer.setRate(Double.NaN)).hasMessageContaining("rate must be 0");
        assertThatThrownBy(() -> pacer.setRate(Double.POSITIVE_INFINITY)).hasMessageContaining("rate must be 0");
    }
}
