/**
 * Packet headers (RFC 9000 §17, RFC 8999, RFC 9369): parsing long and short headers of received
 * datagrams before decryption ({@link dev.jquic.core.packet.PacketParser}), splitting coalesced
 * packets ({@link dev.jquic.core.packet.CoalescedPacketSplitter}), writing headers for the sender
 * ({@link dev.jquic.core.packet.PacketHeaderWriter}), Version Negotiation and Retry packets, and
 * packet number encoding and decoding ({@link dev.jquic.core.packet.PacketNumbers}). Packet and
 * header protection are computed by {@code crypto} at the offsets a
 * {@link dev.jquic.core.packet.PacketHeader} exposes.
 * May use: {@code codec}, {@code types}, {@code frame}, {@code crypto}.
 */
package dev.jquic.core.packet;
