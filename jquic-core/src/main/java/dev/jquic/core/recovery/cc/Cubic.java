package dev.jquic.core.recovery.cc;

/**
 * CUBIC congestion control (RFC 9438) in bytes: Reno slow start (§4.10 MAY), then the cubic
 * window W_cubic(t) = C*(t-K)^3 + W_max around the window before the last congestion event,
 * a Reno-friendly estimate W_est that the window never falls behind (§4.3), multiplicative
 * decrease by beta = 0.7 with optional fast convergence (§4.6, §4.7), and the timeout rule for
 * persistent congestion (§4.8: next epoch with K = 0 and W_max = the epoch's start window).
 * Time t excludes periods where acknowledgments arrived while application-limited (§4.2).
 * The threshold and window after a loss are computed from cwnd, which RFC 9438 §4.6 permits
 * together with the application-limited rule of the base class.
 *
 * <p>Single-threaded, not thread-safe.
 */
public final class Cubic extends WindowedCongestionController {

    /** RFC 9438 §5: C = 0.4 segments per second cubed. */
    public static final double C = 0.4;
    /** RFC 9438 §4.6: beta_cubic = 0.7. */
    public static final double BETA = 0.7;
    /** RFC 9438 §4.3: alpha_cubic = 3 * (1 - beta) / (1 + beta). */
    public static final double ALPHA = 3 * (1 - BETA) / (1 + BETA);

    private static final double NANOS_PER_SECOND = 1e9;

    private final FastConvergence fastConvergence;
    /** W_max in bytes; 0 until the first congestion event. */
    private double maxWindowBytes;
    private double priorWindowBytes;
    private double kSeconds;
    private boolean epochStarted;
    private long epochStartNanos;
    private double epochWindowBytes;
    private double renoEstimateBytes;
    private double exactWindowBytes;
    private boolean pausedByApplicationLimit;
    private long pauseStartNanos;

    /** CUBIC with fast convergence enabled. */
    public Cubic(int maxDatagramSizeBytes) {
        this(maxDatagramSizeBytes, FastConvergence.ENABLED);
    }

    public Cubic(int maxDatagramSizeBytes, FastConvergence fastConvergence) {
        super(maxDatagramSizeBytes);
        this.fastConvergence = fastConvergence;
    }

    /** RFC 9438 Eq. 2: K = cbrt((W_max - cwnd_epoch) / C), windows in segments. */
    public static double kSeconds(double maxWindowSegments, double epochWindowSegments) {
        return Math.cbrt((maxWindowSegments - epochWindowSegments) / C);
    }

    /** RFC 9438 Eq. 1: W_cubic(t) = C * (t - K)^3 + W_max, in segments. */
    public static double cubicWindowSegments(double tSeconds, double kSeconds, double maxWindowSegments) {
        double offset = tSeconds - kSeconds;
        return C * offset * offset * offset + maxWindowSegments;
    }

    @Override
    protected void growInCongestionAvoidance(int ackedBytes, long smoothedRttNanos, long nowNanos) {
        long window = congestionWindowBytes();
        if ((long) exactWindowBytes != window) {
            exactWindowBytes = window;
        }
        double segmentBytes = maxDatagramSizeBytes();
        if (!epochStarted) {
            startEpoch(nowNanos, window, segmentBytes);
        } else if (pausedByApplicationLimit) {
            // RFC 9438 §4.2: t MUST NOT include application-limited periods.
            epochStartNanos += nowNanos - pauseStartNanos;
        }
        pausedByApplicationLimit = false;
        double tSeconds = (nowNanos - epochStartNanos) / NANOS_PER_SECOND;
        double maxWindowSegments = maxWindowBytes / segmentBytes;

        // RFC 9438 §4.3: alpha becomes 1 once W_est reaches cwnd_prior.
        double alpha = renoEstimateBytes >= priorWindowBytes ? 1.0 : ALPHA;
        renoEstimateBytes += alpha * segmentBytes * ackedBytes / exactWindowBytes;

        double cubicNowBytes = cubicWindowSegments(tSeconds, kSeconds, maxWindowSegments) * segmentBytes;
        if (cubicNowBytes < renoEstimateBytes) {
            // RFC 9438 §4.3: in the Reno-friendly region cwnd SHOULD be set to W_est.
            exactWindowBytes = Math.max(exactWindowBytes, renoEstimateBytes);
        } else {
            double tNextSeconds = tSeconds + smoothedRttNanos / NANOS_PER_SECOND;
            double target = cubicWindowSegments(tNextSeconds, kSeconds, maxWindowSegments) * segmentBytes;
            target = Math.max(exactWindowBytes, Math.min(target, 1.5 * exactWindowBytes));
            // RFC 9438 §4.4, §4.5: cwnd MUST grow by (target - cwnd) / cwnd per acknowledged segment.
            exactWindowBytes += (target - exactWindowBytes) * ackedBytes / exactWindowBytes;
        }
        setCongestionWindowBytes((long) exactWindowBytes);
    }

    private void startEpoch(long nowNanos, long window, double segmentBytes) {
        epochStarted = true;
        epochStartNanos = nowNanos;
        epochWindowBytes = window;
        if (maxWindowBytes <= epochWindowBytes) {
            // RFC 9438 §4.8, §4.10: no (higher) saturation point known: K = 0, W_max = cwnd_epoch.
            maxWindowBytes = epochWindowBytes;
            kSeconds = 0;
        } else {
            kSeconds = kSeconds(maxWindowBytes / segmentBytes, epochWindowBytes / segmentBytes);
        }
        // RFC 9438 §4.3: W_est starts at cwnd_epoch.
        renoEstimateBytes = epochWindowBytes;
    }

    /** RFC 9438 §4.6 and §4.7. */
    @Override
    protected void reduceWindow(long nowNanos) {
        double window = congestionWindowBytes();
        epochStarted = false;
        pausedByApplicationLimit = false;
        if (fastConvergence == FastConvergence.ENABLED && window < maxWindowBytes) {
            maxWindowBytes = window * (1 + BETA) / 2;
        } else {
            maxWindowBytes = window;
        }
        priorWindowBytes = window;
        long threshold = Math.max((long) (window * BETA), minimumWindowBytes());
        setSlowStartThresholdBytes(threshold);
        setCongestionWindowBytes(threshold);
        exactWindowBytes = congestionWindowBytes();
    }

    @Override
    protected void resetAfterPersistentCongestion(long nowNanos) {
        epochStarted = false;
        pausedByApplicationLimit = false;
        maxWindowBytes = 0;
    }

    @Override
    protected void onApplicationLimitedAck(long nowNanos) {
        if (epochStarted && !pausedByApplicationLimit) {
            pausedByApplicationLimit = true;
            pauseStartNanos = nowNanos;
        }
    }

    /** W_max in bytes (0 before the first congestion event). */
    public double maxWindowBytes() {
        return maxWindowBytes;
    }

    /** cwnd_prior in bytes. */
    public double priorWindowBytes() {
        return priorWindowBytes;
    }

    /** K of the current congestion avoidance epoch, in seconds. */
    public double kSeconds() {
        return kSeconds;
    }

    /** W_est in bytes. */
    public double renoEstimateBytes() {
        return renoEstimateBytes;
    }

    /** Whether a congestion avoidance epoch is running (t_epoch is set). */
    public boolean isEpochStarted() {
        return epochStarted;
    }

    public long epochStartNanos() {
        return epochStartNanos;
    }
}
