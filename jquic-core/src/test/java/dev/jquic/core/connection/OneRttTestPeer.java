package dev.jquic.core.connection;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.crypto.CipherSuite;
import dev.jquic.core.crypto.PacketProtection;
import dev.jquic.core.packet.OpenedPacket;
import dev.jquic.core.packet.PacketHeader;
import dev.jquic.core.packet.PacketHeaderWriter;
import dev.jquic.core.packet.PacketNumbers;
import dev.jquic.core.packet.PacketParser;
import dev.jquic.core.packet.PacketSealer;
import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One endpoint of a 1-RTT exchange in tests: builds real short-header packets with
 * {@link PacketHeaderWriter} and {@link PacketSealer}, and reads them back with
 * {@link PacketParser}, header protection removal and {@link OneRttKeys#keysForReceiving}.
 */
final class OneRttTestPeer {
    static final ConnectionId CONNECTION_ID = ConnectionId.ofHex("0102030405060708");
    static final long PTO_NANOS = 100_000_000L;

    final OneRttKeys keys;
    private long nextPacketNumber;
    private long largestReceived = PacketNumbers.NONE;

    OneRttTestPeer(OneRttKeys keys) {
        this.keys = keys;
    }

    static OneRttTestPeer[] pair(CipherSuite suite, Version version, long confidentialityLimit, long integrityLimit) {
        byte[] clientSecret = secret(suite, 0x11);
        byte[] serverSecret = secret(suite, 0x22);
        OneRttKeys client = new OneRttKeys(suite, version, clientSecret, serverSecret, confidentialityLimit,
                integrityLimit);
        OneRttKeys server = new OneRttKeys(suite, version, serverSecret, clientSecret, confidentialityLimit,
                integrityLimit);
        return new OneRttTestPeer[] {new OneRttTestPeer(client), new OneRttTestPeer(server)};
    }

    static OneRttTestPeer[] pair() {
        return pair(CipherSuite.TLS_AES_128_GCM_SHA256, Version.V1, CipherSuite.TLS_AES_128_GCM_SHA256
                .confidentialityLimitPackets(), CipherSuite.TLS_AES_128_GCM_SHA256.integrityLimitPackets());
    }

    private static byte[] secret(CipherSuite suite, int seed) {
        byte[] secret = new byte[suite.hash().length()];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = (byte) (seed + 7 * i);
        }
        return secret;
    }

    /** A sealed packet: its bytes, number and the plaintext it carries. */
    record Sent(byte[] bytes, long packetNumber, int keyPhase, byte[] payload) {
        ByteBuffer copy() {
            return ByteBuffer.wrap(bytes.clone());
        }
    }

    /** Sends a packet whose payload names its packet number. */
    Sent send(boolean containsAck) {
        return send(containsAck, 0);
    }

    /** Sends a packet with {@code extraFirstByteBits} (e.g. reserved bits) or-ed into its first byte. */
    Sent send(boolean containsAck, int extraFirstByteBits) {
        long packetNumber = nextPacketNumber++;
        byte[] payload = new byte[24];
        Arrays.fill(payload, (byte) 0x01); // PING frames
        payload[0] = (byte) packetNumber;
        payload[1] = (byte) (packetNumber >>> 8);
        ByteBuffer out = ByteBuffer.allocate(128);
        int keyPhase = keys.sendKeyPhase();
        int packetNumberOffset = PacketHeaderWriter.writeShortHeader(out, false, keyPhase, CONNECTION_ID,
                packetNumber, 4);
        out.put(0, (byte) (out.get(0) | extraFirstByteBits));
        out.put(payload);
        int end = PacketSealer.seal(out, 0, packetNumberOffset, packetNumber, keys.keysForSending());
        keys.onPacketSent(packetNumber, containsAck);
        return new Sent(Arrays.copyOf(out.array(), end), packetNumber, keyPhase, payload);
    }

    /** Outcome of {@link #receive}. */
    record Received(long packetNumber, int keyPhase, byte[] payload) {
    }

    /**
     * Receives a packet; returns null if it was dropped (no keys, or authentication failed).
     *
     * @throws QuicProtocolException from {@link OneRttKeys}
     */
    Received receive(Sent sent, long nowNanos) throws QuicProtocolException {
        ByteBuffer datagram = sent.copy();
        PacketHeader header = (PacketHeader) PacketParser.parse(datagram, 0, CONNECTION_ID.length());
        PacketProtection headerKeys = keys.headerProtectionKeys();
        long headerResult = headerKeys.removeHeaderProtection(datagram, header.packetStart(),
                header.packetNumberOffset(), header.packetEnd());
        if (headerResult == PacketProtection.FAILED) {
            return null;
        }
        int packetNumberLength = PacketProtection.packetNumberLength(headerResult);
        long packetNumber = PacketNumbers.decode(largestReceived,
                PacketProtection.truncatedPacketNumber(headerResult), packetNumberLength);
        int keyPhase = header.keyPhase(datagram.get(header.packetStart()) & 0xff);
        PacketProtection readKeys = keys.keysForReceiving(keyPhase, packetNumber);
        if (readKeys == null) {
            return null;
        }
        int payloadOffset = header.packetNumberOffset() + packetNumberLength;
        int payloadEnd = readKeys.open(datagram, header.packetStart(), payloadOffset, header.packetEnd(), packetNumber);
        if (payloadEnd == PacketProtection.FAILED) {
            keys.onDecryptionFailed();
            return null;
        }
        keys.onPacketDecrypted(keyPhase, packetNumber, nowNanos, PTO_NANOS);
        largestReceived = Math.max(largestReceived, packetNumber);
        byte[] payload = new byte[payloadEnd - payloadOffset];
        datagram.get(payloadOffset, payload);
        return new Received(packetNumber, keyPhase, payload);
    }

    /**
     * Receives a packet through {@link OneRttKeys#open}; returns null if it was dropped.
     *
     * @throws QuicProtocolException from {@link OneRttKeys}
     */
    Received receiveWithOpen(Sent sent, long nowNanos) throws QuicProtocolException {
        ByteBuffer datagram = sent.copy();
        PacketHeader header = (PacketHeader) PacketParser.parse(datagram, 0, CONNECTION_ID.length());
        OpenedPacket opened = keys.open(datagram, header, largestReceived, nowNanos, PTO_NANOS);
        if (opened == null) {
            return null;
        }
        largestReceived = Math.max(largestReceived, opened.packetNumber());
        byte[] payload = new byte[opened.payloadEnd() - opened.payloadOffset()];
        datagram.get(opened.payloadOffset(), payload);
        return new Received(opened.packetNumber(), opened.keyPhase(), payload);
    }

    long nextPacketNumber() {
        return nextPacketNumber;
    }
}
