package dev.jquic.bench;

import dev.jquic.core.crypto.CipherSuite;
import dev.jquic.core.crypto.PacketProtection;
import dev.jquic.core.packet.PacketHeaderWriter;
import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Packet protection of one 1200-byte 1-RTT packet (RFC 9001 §5): seal (AEAD + header
 * protection) and then unprotect (header protection removal + AEAD open), in place, as a
 * sender and a receiver would. One operation = one packet protected and one packet opened.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AeadBenchmark {
    /** Size of the whole protected packet, header and tag included. */
    public static final int PACKET_SIZE = 1200;

    @Param({"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"})
    public String suite;

    @Param({"heap", "direct"})
    public String buffer;

    private PacketProtection sender;
    private PacketProtection receiver;
    private ByteBuffer packet;
    private final ConnectionId destination = ConnectionId.ofHex("8394c8f03e515708");
    private long packetNumber;

    @Setup
    public void setUp() {
        CipherSuite cipherSuite = CipherSuite.valueOf(suite);
        byte[] secret = new byte[cipherSuite.hash().length()];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = (byte) (i * 31 + 7);
        }
        sender = PacketProtection.create(cipherSuite, Version.V1, secret);
        receiver = PacketProtection.create(cipherSuite, Version.V1, secret);
        packet = buffer.equals("direct") ? ByteBuffer.allocateDirect(PACKET_SIZE) : ByteBuffer.allocate(PACKET_SIZE);
    }

    @Benchmark
    public int sealThenOpen() {
        long pn = packetNumber++;
        packet.clear();
        int packetNumberOffset = PacketHeaderWriter.writeShortHeader(packet, false, 0, destination, pn, 4);
        int payloadEnd = PACKET_SIZE - CipherSuite.TAG_LENGTH;
        int end = sender.protect(packet, 0, packetNumberOffset, 4, payloadEnd, pn);
        long header = receiver.removeHeaderProtection(packet, 0, packetNumberOffset, end);
        int payloadOffset = packetNumberOffset + PacketProtection.packetNumberLength(header);
        int plaintextEnd = receiver.open(packet, 0, payloadOffset, end, pn);
        if (plaintextEnd != payloadEnd) {
            throw new IllegalStateException("packet failed to open");
        }
        return plaintextEnd;
    }
}
