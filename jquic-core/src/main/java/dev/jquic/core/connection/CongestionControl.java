package dev.jquic.core.connection;

/** The congestion controller a connection runs (RFC 9002 §7; RFC 9438). */
public enum CongestionControl {
    /** RFC 9002 §7 / Appendix B: NewReno. */
    NEW_RENO,
    /** RFC 9438: CUBIC, the default. */
    CUBIC
}
