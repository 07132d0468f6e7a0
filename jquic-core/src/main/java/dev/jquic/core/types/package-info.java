/**
 * Small value types shared by every layer: connection IDs, versions, packet types, encryption
 * levels, packet number spaces and stream IDs (RFC 9000 §2.1, §5.1, §12.3, §17; RFC 9369).
 * May use: {@code codec}.
 */
package dev.jquic.core.types;
