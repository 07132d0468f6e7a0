package dev.jquic.core.recovery.cc;

/** RFC 9438 §4.7: whether CUBIC releases bandwidth faster when its saturation point drops. */
public enum FastConvergence {
    /** The RFC's SHOULD; suits paths shared with other flows. */
    ENABLED,
    /** RFC 9438 §4.7: SHOULD be disabled with a single CUBIC flow and no other traffic. */
    DISABLED
}
