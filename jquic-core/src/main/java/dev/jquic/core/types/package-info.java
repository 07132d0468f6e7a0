/**
 * Small value types shared by every layer: connection IDs, versions, packet types, encryption
 * levels, packet number spaces, stream IDs, stateless reset tokens, endpoint roles and a
 * bounded set of integer ranges (RFC 9000 §2.1, §5.1, §10.3, §12.3, §17; RFC 9369).
 * May use: {@code codec}.
 */
package dev.jquic.core.types;
