/**
 * Congestion controllers implementing {@link dev.jquic.core.recovery.CongestionController}:
 * {@link dev.jquic.core.recovery.cc.NewReno} (RFC 9002 §7, Appendix B) and
 * {@link dev.jquic.core.recovery.cc.Cubic} (RFC 9438). Windows are in bytes; time is passed in
 * as {@code nowNanos}. Single-threaded, not thread-safe.
 * May use: {@code codec}, {@code types}, {@code frame} (and the {@code recovery} interface it
 * implements).
 */
package dev.jquic.core.recovery.cc;
