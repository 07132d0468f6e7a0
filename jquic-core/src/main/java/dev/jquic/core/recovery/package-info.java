/**
 * Loss recovery (RFC 9002 §5, §6, Appendix A) as sans-IO components the connection drives:
 * {@link dev.jquic.core.recovery.RttEstimator} (RTT samples, §5),
 * {@link dev.jquic.core.recovery.LossRecovery} (sent-packet tracking per packet number space,
 * ACK processing, packet- and time-threshold loss detection, the loss detection / PTO timer,
 * persistent congestion, discarding a space), the
 * {@link dev.jquic.core.recovery.CongestionController} seam (§7; implementations in
 * {@code recovery.cc}), the {@link dev.jquic.core.recovery.Pacer} (§7.7) and the
 * {@link dev.jquic.core.recovery.RecoveryStats} accessors.
 *
 * <p>Time is always passed in as {@code nowNanos}; nothing here reads a clock. Single-threaded,
 * not thread-safe: the connection's owner thread confines every object.
 * May use: {@code codec}, {@code types}, {@code frame}.
 */
package dev.jquic.core.recovery;
