package dev.jquic.core.recovery;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Bounds that hold for any sequence of RTT samples and any paced sending pattern. */
class EstimatorAndPacerPropertiesTest {

    private static final long MS = 1_000_000L;

    @Property(tries = 500)
    void smoothedRttStaysBetweenMinRttAndTheLargestSample(
            @ForAll @Size(min = 1, max = 100) List<@IntRange(min = 1, max = 2_000_000) Integer> samplesMicros,
            @ForAll @Size(min = 1, max = 100) List<@IntRange(min = 0, max = 500_000) Integer> delaysMicros,
            @ForAll boolean confirmed) {
        RttEstimator rtt = new RttEstimator();
        if (confirmed) {
            rtt.onHandshakeConfirmed();
        }
        long largest = 0;
        long floor = Long.MAX_VALUE;
        for (int i = 0; i < samplesMicros.size(); i++) {
            long sample = samplesMicros.get(i) * 1000L;
            long delay = delaysMicros.get(i % delaysMicros.size()) * 1000L;
            largest = Math.max(largest, sample);
            if (i == 0) {
                // The first sample seeds smoothed_rtt without a plausible ack delay (min_rtt keeps it raw).
                floor = delay < sample ? Math.max(sample - delay, Math.min(sample, RttEstimator.GRANULARITY_NANOS))
                        : sample;
            }
            rtt.addSample(sample, delay, i);
            assertTrue(Math.min(rtt.minRttNanos(), floor) <= rtt.smoothedRttNanos(),
                    "smoothed below both min_rtt and the first sample less its ack delay");
            assertTrue(rtt.smoothedRttNanos() <= largest, "smoothed above every sample");
            assertTrue(rtt.rttVariationNanos() >= 0);
            assertTrue(rtt.ptoBaseNanos() >= RttEstimator.GRANULARITY_NANOS);
        }
    }

    @Property(tries = 300)
    void pacedBytesNeverExceedBurstPlusRate(
            @ForAll @Size(max = 200) List<@IntRange(min = 1, max = 1500) Integer> sizes,
            @ForAll @IntRange(min = 2400, max = 1_000_000) int window,
            @ForAll @IntRange(min = 1, max = 1000) int rttMillis,
            @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 20) Integer> extraDelaysMillis) {
        Pacer pacer = new Pacer(1200);
        long rttNanos = rttMillis * MS;
        long now = 0;
        double sent = 0;
        for (int i = 0; i < sizes.size(); i++) {
            int size = sizes.get(i);
            long allowed = pacer.nextSendTimeNanos(size, window, rttNanos, now);
            assertTrue(allowed >= now);
            now = allowed;
            pacer.onPacketSent(size, window, rttNanos, now);
            sent += size;
            double budget = pacer.capacityBytes(window) + Pacer.GAIN * window * now / rttNanos;
            assertTrue(sent <= budget + size, "paced " + sent + " bytes by " + now + " ns, budget " + budget);
            if (!extraDelaysMillis.isEmpty()) {
                now += extraDelaysMillis.get(i % extraDelaysMillis.size()) * MS;
            }
        }
    }
}
