package dev.jquic.core.frame;

/**
 * Which stream kind a MAX_STREAMS (RFC 9000 §19.11) or STREAMS_BLOCKED (§19.14) frame
 * concerns; the frame type's low bit tells them apart.
 */
public enum StreamDirection {
    BIDIRECTIONAL,
    UNIDIRECTIONAL
}
