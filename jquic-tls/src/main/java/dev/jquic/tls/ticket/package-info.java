/**
 * Session tickets for TLS 1.3 resumption and 0-RTT over QUIC (TLS 1.3 spec §4.6.1, §2.2, §2.3;
 * RFC 9001 §4.5, §4.6): the client's self-contained ticket record ({@link dev.jquic.tls.ticket.ClientTicket})
 * and the server's bounded, single-use ticket store ({@link dev.jquic.tls.ticket.ServerTicketStore}).
 */
package dev.jquic.tls.ticket;
