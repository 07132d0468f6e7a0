/**
 * The sans-IO QUIC endpoint (RFC 9000 §5.2, §6, §8.1, §10.3, §21): {@link
 * dev.jquic.core.endpoint.Endpoint} routes datagrams to {@link dev.jquic.core.connection.Connection}s
 * by connection ID through a SipHash-keyed table, accepts server connections under limits,
 * sends Version Negotiation, Retry and stateless reset packets, and schedules output by interest.
 * {@link dev.jquic.core.endpoint.ConnectionIdShard} issues connection IDs that name one of several
 * endpoints sharing a UDP port, and tells which of them a datagram belongs to.
 */
package dev.jquic.core.endpoint;
