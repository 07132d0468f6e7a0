package dev.jquic.core.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.connection.OneRttTestPeer.Received;
import dev.jquic.core.connection.OneRttTestPeer.Sent;
import dev.jquic.core.crypto.CipherSuite;
import dev.jquic.core.types.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Two {@link OneRttKeys} exchanging real short-header packets across key updates (RFC 9001 §6). */
class OneRttKeysTest {
    private static final long PTO = OneRttTestPeer.PTO_NANOS;

    private final OneRttTestPeer[] pair = OneRttTestPeer.pair();
    private final OneRttTestPeer client = pair[0];
    private final OneRttTestPeer server = pair[1];

    private static Received deliver(OneRttTestPeer to, Sent packet, long now) throws QuicProtocolException {
        Received received = to.receive(packet, now);
        assertNotNull(received, () -> "packet " + packet.packetNumber() + " was dropped");
        assertEquals(packet.packetNumber(), received.packetNumber());
        assertArrayEquals(packet.payload(), received.payload());
        return received;
    }

    /** Both confirm the handshake; the client's first packet is acknowledged by the server. */
    private void confirmAndAcknowledgeClientPacket(long now) throws QuicProtocolException {
        client.keys.onHandshakeConfirmed();
        server.keys.onHandshakeConfirmed();
        Sent first = client.send(false);
        deliver(server, first, now);
        client.keys.onPacketAcknowledged(first.packetNumber(), now, PTO);
    }

    @ParameterizedTest
    @EnumSource(CipherSuite.class)
    void normal_exchange_uses_key_phase_zero(CipherSuite suite) throws QuicProtocolException {
        for (Version version : new Version[] {Version.V1, Version.V2}) {
            OneRttTestPeer[] peers = OneRttTestPeer.pair(suite, version, suite.confidentialityLimitPackets(),
                    suite.integrityLimitPackets());
            for (int i = 0; i < 5; i++) {
                Received atServer = deliver(peers[1], peers[0].send(true), 0);
                Received atClient = deliver(peers[0], peers[1].send(true), 0);
                assertEquals(0, atServer.keyPhase());
                assertEquals(0, atClient.keyPhase());
            }
            assertEquals(0, peers[0].keys.keyGeneration());
            assertEquals(0, peers[1].keys.keyGeneration());
            assertFalse(peers[0].keys.hasPreviousReadKeys());
        }
    }

    @Test
    void update_is_refused_before_handshake_confirmation_and_before_an_acknowledgment() throws QuicProtocolException {
        Sent first = client.send(false);
        deliver(server, first, 0);
        client.keys.onPacketAcknowledged(first.packetNumber(), 0, PTO);
        // RFC 9001 §6.1: not before the handshake is confirmed.
        assertFalse(client.keys.initiateUpdate(0));
        client.keys.onHandshakeConfirmed();
        assertTrue(client.keys.initiateUpdate(0));
        assertEquals(1, client.keys.keyGeneration());
        // RFC 9001 §6.1: not again before a packet of the current phase is acknowledged.
        assertFalse(client.keys.initiateUpdate(0));
        Sent inNewPhase = client.send(false);
        assertFalse(client.keys.initiateUpdate(0));
        // An acknowledgment of an older packet does not count.
        client.keys.onPacketAcknowledged(first.packetNumber(), 0, PTO);
        assertFalse(client.keys.initiateUpdate(0));
        client.keys.onPacketAcknowledged(inNewPhase.packetNumber(), 1_000, PTO);
        // RFC 9001 §6.5: SHOULD wait 3×PTO after the acknowledgment confirming the update.
        assertFalse(client.keys.initiateUpdate(1_000 + 3 * PTO - 1));
        assertTrue(client.keys.canInitiateUpdate(1_000 + 3 * PTO));
        assertTrue(client.keys.initiateUpdate(1_000 + 3 * PTO));
        assertEquals(2, client.keys.keyGeneration());
        assertEquals(0, client.keys.sendKeyPhase());
    }

    @Test
    void client_initiated_update_is_followed_by_the_server() throws QuicProtocolException {
        confirmAndAcknowledgeClientPacket(0);
        deliver(client, server.send(true), 0);
        assertTrue(client.keys.initiateUpdate(10));
        assertEquals(1, client.keys.sendKeyPhase());

        Sent updated = client.send(false);
        assertEquals(1, updated.keyPhase());
        Received atServer = deliver(server, updated, 20);
        assertEquals(1, atServer.keyPhase());
        // RFC 9001 §6.2: the server promoted and now sends with the updated keys.
        assertEquals(1, server.keys.keyGeneration());
        assertEquals(1, server.keys.sendKeyPhase());
        assertTrue(server.keys.hasPreviousReadKeys());
        assertEquals(20 + 3 * PTO, server.keys.discardDeadlineNanos());

        // The client keeps its old read keys until it opens a packet with the new ones (§6.1).
        assertEquals(OneRttKeys.NO_DEADLINE, client.keys.discardDeadlineNanos());
        Sent response = server.send(true);
        assertEquals(1, response.keyPhase());
        assertEquals(1, deliver(client, response, 30).keyPhase());
        assertEquals(30 + 3 * PTO, client.keys.discardDeadlineNanos());
        assertEquals(1, client.keys.keyGeneration());

        for (int i = 0; i < 3; i++) {
            assertEquals(1, deliver(server, client.send(true), 40).keyPhase());
            assertEquals(1, deliver(client, server.send(true), 40).keyPhase());
        }
        client.keys.onTimeout(30 + 3 * PTO);
        server.keys.onTimeout(30 + 3 * PTO);
        assertFalse(client.keys.hasPreviousReadKeys());
        assertFalse(server.keys.hasPreviousReadKeys());
        assertEquals(OneRttKeys.NO_DEADLINE, client.keys.discardDeadlineNanos());
    }

    @Test
    void reordered_old_packets_open_with_previous_keys_until_the_discard_deadline() throws QuicProtocolException {
        confirmAndAcknowledgeClientPacket(0);
        Sent oldA = client.send(false);
        Sent oldB = client.send(false);
        Sent oldC = client.send(false);
        assertTrue(client.keys.initiateUpdate(0));
        Sent newA = client.send(false);
        Sent newB = client.send(false);

        deliver(server, newA, 100);
        assertEquals(1, server.keys.keyGeneration());
        // Older packets with the old phase bit use the previous keys (§6.5).
        assertEquals(0, deliver(server, oldB, 200).keyPhase());
        assertEquals(0, deliver(server, oldA, 300).keyPhase());
        assertEquals(1, deliver(server, newB, 300).keyPhase());
        assertEquals(1, server.keys.keyGeneration());

        long deadline = server.keys.discardDeadlineNanos();
        assertEquals(100 + 3 * PTO, deadline);
        server.keys.onTimeout(deadline - 1);
        assertTrue(server.keys.hasPreviousReadKeys());
        server.keys.onTimeout(deadline);
        assertFalse(server.keys.hasPreviousReadKeys());
        // Needs the discarded keys: dropped without decryption, not counted as a forgery.
        assertNull(server.keys.keysForReceiving(0, oldC.packetNumber()));
        assertNull(server.receive(oldC, deadline));
        assertEquals(0, server.keys.authenticationFailureCount());
    }

    @Test
    void server_side_previous_keys_serve_packets_of_the_old_phase_sent_before_the_update() throws QuicProtocolException {
        confirmAndAcknowledgeClientPacket(0);
        Sent serverOld = server.send(true);
        assertTrue(client.keys.initiateUpdate(0));
        // The client has not yet received anything with the new keys: the old-phase packet
        // from the server opens with the previous keys.
        assertEquals(0, deliver(client, serverOld, 5).keyPhase());
        assertEquals(OneRttKeys.NO_DEADLINE, client.keys.discardDeadlineNanos());
        assertTrue(client.keys.hasPreviousReadKeys());
    }

    @Test
    void old_keys_above_a_new_key_packet_number_is_a_key_update_error() throws QuicProtocolException {
        confirmAndAcknowledgeClientPacket(0);
        assertTrue(client.keys.initiateUpdate(0));
        Sent newA = client.send(false);
        Sent newB = client.send(false);
        Sent newC = client.send(false);
        deliver(server, newA, 0);
        deliver(server, newC, 0);
        // A misbehaving client that kept its generation-0 keys for a packet numbered between
        // two packets it sent with generation-1 keys.
        OneRttTestPeer[] fresh = OneRttTestPeer.pair();
        OneRttTestPeer stale = fresh[0];
        for (long i = 0; i < newB.packetNumber(); i++) {
            stale.send(false);
        }
        Sent oldKeysHigherNumber = stale.send(false);
        assertEquals(newB.packetNumber(), oldKeysHigherNumber.packetNumber());
        // RFC 9001 §6.4: opening with old keys a packet numbered above one opened with new keys.
        QuicProtocolException error = assertThrows(QuicProtocolException.class,
                () -> server.receive(oldKeysHigherNumber, 0));
        assertEquals(TransportError.KEY_UPDATE_ERROR.code(), error.errorCode());
    }

    @Test
    void consecutive_update_before_our_acknowledgment_is_a_key_update_error() throws QuicProtocolException {
        confirmAndAcknowledgeClientPacket(0);
        // The server acknowledges in generation 0 (enables nothing for generation 1).
        deliver(client, server.send(true), 0);
        assertTrue(client.keys.initiateUpdate(0));
        Sent gen1 = client.send(false);
        deliver(server, gen1, 0);
        assertEquals(1, server.keys.keyGeneration());
        // A misbehaving client updates again although the server has sent no ACK with its
        // generation-1 keys (the client pretends its generation-1 packet was acknowledged).
        client.keys.onPacketAcknowledged(gen1.packetNumber(), 0, PTO);
        assertTrue(client.keys.initiateUpdate(3 * PTO));
        Sent gen2 = client.send(false);
        assertEquals(0, gen2.keyPhase());
        QuicProtocolException error = assertThrows(QuicProtocolException.class, () -> server.receive(gen2, 0));
        assertEquals(TransportError.KEY_UPDATE_ERROR.code(), error.errorCode());
    }

    @Test
    void consecutive_update_after_our_acknowledgment_is_accepted() throws QuicProtocolException {
        confirmAndAcknowledgeClientPacket(0);
        assertTrue(client.keys.initiateUpdate(0));
        Sent gen1 = client.send(false);
        deliver(server, gen1, 0);
        Sent serverAck = server.send(true);
        deliver(client, serverAck, 0);
        client.keys.onPacketAcknowledged(gen1.packetNumber(), 0, PTO);
        assertFalse(client.keys.initiateUpdate(3 * PTO - 1));
        assertTrue(client.keys.initiateUpdate(3 * PTO));
        Sent gen2 = client.send(false);
        assertEquals(0, deliver(server, gen2, 3 * PTO).keyPhase());
        assertEquals(2, server.keys.keyGeneration());
        assertEquals(0, server.keys.sendKeyPhase());
        assertEquals(0, deliver(client, server.send(true), 3 * PTO).keyPhase());
    }

    @Test
    void forged_key_phase_does_not_update_and_next_keys_are_kept() throws QuicProtocolException {
        confirmAndAcknowledgeClientPacket(0);
        var nextKeys = server.keys.keysForReceiving(1, 1_000);
        // A packet with the other phase bit that fails authentication changes nothing.
        Sent genuine = client.send(false);
        byte[] tampered = genuine.bytes().clone();
        tampered[tampered.length - 1] ^= 1;
        assertNull(server.receive(new Sent(tampered, genuine.packetNumber(), 0, genuine.payload()), 0));
        assertEquals(1, server.keys.authenticationFailureCount());
        assertEquals(0, server.keys.keyGeneration());
        assertSame(nextKeys, server.keys.keysForReceiving(1, 1_000));
    }

    @Test
    void integrity_limit_closes_with_aead_limit_reached() throws QuicProtocolException {
        OneRttTestPeer[] peers = OneRttTestPeer.pair(CipherSuite.TLS_AES_128_GCM_SHA256, Version.V1, 1 << 23, 3);
        for (int i = 0; i < 3; i++) {
            Sent sent = peers[0].send(false);
            byte[] tampered = sent.bytes().clone();
            tampered[tampered.length - 2] ^= 0x40;
            assertNull(peers[1].receive(new Sent(tampered, sent.packetNumber(), 0, sent.payload()), 0));
        }
        Sent sent = peers[0].send(false);
        byte[] tampered = sent.bytes().clone();
        tampered[tampered.length - 2] ^= 0x40;
        QuicProtocolException error = assertThrows(QuicProtocolException.class,
                () -> peers[1].receive(new Sent(tampered, sent.packetNumber(), 0, sent.payload()), 0));
        assertEquals(TransportError.AEAD_LIMIT_REACHED.code(), error.errorCode());
        assertEquals(4, peers[1].keys.authenticationFailureCount());
        // RFC 9001 §6.6: no more packets are processed.
        assertNull(peers[1].receive(peers[0].send(false), 0));
    }

    @Test
    void confidentiality_limit_signals_an_update_and_then_forbids_the_keys() throws QuicProtocolException {
        OneRttTestPeer[] peers = OneRttTestPeer.pair(CipherSuite.TLS_AES_128_GCM_SHA256, Version.V1, 16, 1L << 52);
        OneRttTestPeer sender = peers[0];
        for (int i = 0; i < 12; i++) {
            assertFalse(sender.keys.isKeyUpdateDue(), "after " + i + " packets");
            deliver(peers[1], sender.send(false), 0);
        }
        assertTrue(sender.keys.isKeyUpdateDue());
        assertFalse(sender.keys.isConfidentialityLimitNear());
        for (int i = 12; i < 14; i++) {
            sender.send(false);
        }
        assertTrue(sender.keys.isConfidentialityLimitNear());
        sender.send(false);
        sender.send(false);
        assertThrows(IllegalStateException.class, sender.keys::keysForSending);
        // An update gives fresh keys with a fresh count.
        sender.keys.onHandshakeConfirmed();
        sender.keys.onPacketAcknowledged(0, 0, PTO);
        assertTrue(sender.keys.initiateUpdate(0));
        assertFalse(sender.keys.isKeyUpdateDue());
        assertEquals(0, sender.keys.keysForSending().protectedPacketCount());
    }

    @Test
    void one_call_open_follows_an_update_and_drops_what_needs_discarded_keys() throws QuicProtocolException {
        confirmAndAcknowledgeClientPacket(0);
        Sent old = client.send(false);
        Sent stale = client.send(false);
        assertTrue(client.keys.initiateUpdate(0));
        Sent updated = client.send(false);
        Received first = server.receiveWithOpen(updated, 10);
        assertNotNull(first);
        assertArrayEquals(updated.payload(), first.payload());
        assertEquals(1, first.keyPhase());
        assertEquals(1, server.keys.keyGeneration());
        Received late = server.receiveWithOpen(old, 20);
        assertNotNull(late);
        assertEquals(0, late.keyPhase());
        assertArrayEquals(old.payload(), late.payload());
        server.keys.onTimeout(server.keys.discardDeadlineNanos());
        assertNull(server.receiveWithOpen(stale, 30));
        assertEquals(0, server.keys.authenticationFailureCount());
    }

    @Test
    void one_call_open_rejects_reserved_bits_and_counts_failures() throws QuicProtocolException {
        // RFC 9000 §17.3.1: reserved bits (0x18) non-zero after unprotection: PROTOCOL_VIOLATION.
        Sent reserved = client.send(false, 0x10);
        QuicProtocolException error = assertThrows(QuicProtocolException.class,
                () -> server.receiveWithOpen(reserved, 0));
        assertEquals(TransportError.PROTOCOL_VIOLATION.code(), error.errorCode());
        Sent genuine = client.send(false);
        byte[] tampered = genuine.bytes().clone();
        tampered[tampered.length - 3] ^= 0x01;
        assertNull(server.receiveWithOpen(new Sent(tampered, genuine.packetNumber(), 0, genuine.payload()), 0));
        assertEquals(1, server.keys.authenticationFailureCount());
        byte[] truncated = java.util.Arrays.copyOf(genuine.bytes(), 1 + 8 + 4 + 10);
        assertNull(server.receiveWithOpen(new Sent(truncated, genuine.packetNumber(), 0, genuine.payload()), 0));
        assertThrows(IllegalArgumentException.class, () -> server.keys.keysForReceiving(2, 0));
    }

    @Test
    void acknowledgment_of_updated_packets_with_old_keys_is_a_key_update_error() throws QuicProtocolException {
        confirmAndAcknowledgeClientPacket(0);
        Sent old = client.send(false);
        assertTrue(client.keys.initiateUpdate(0));
        Sent updated = client.send(false);
        // Acknowledging old packets with old keys, or updated packets with updated keys, is fine.
        client.keys.onAckFrameReceived(0, old.packetNumber());
        client.keys.onAckFrameReceived(1, updated.packetNumber());
        // RFC 9001 §6.2: the peer acknowledged our updated packet without updating its keys.
        QuicProtocolException error = assertThrows(QuicProtocolException.class,
                () -> client.keys.onAckFrameReceived(0, updated.packetNumber()));
        assertEquals(TransportError.KEY_UPDATE_ERROR.code(), error.errorCode());
    }

    @Test
    void suite_limits_are_the_rfc_values() {
        byte[] secret = new byte[32];
        OneRttKeys keys = new OneRttKeys(CipherSuite.TLS_CHACHA20_POLY1305_SHA256, Version.V1, secret, secret);
        assertFalse(keys.isKeyUpdateDue());
        assertNotNull(keys.keysForSending());
        assertEquals(0, keys.sendKeyPhase());
    }
}
