package dev.jquic.bench;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.codec.WireReader;
import dev.jquic.core.crypto.CipherSuite;
import dev.jquic.core.crypto.PacketProtection;
import dev.jquic.core.frame.AckFrame;
import dev.jquic.core.frame.Frame;
import dev.jquic.core.frame.FrameConsumer;
import dev.jquic.core.frame.FrameDecoder;
import dev.jquic.core.frame.StreamFrame;
import dev.jquic.core.packet.OpenedPacket;
import dev.jquic.core.packet.PacketHeader;
import dev.jquic.core.packet.PacketHeaderWriter;
import dev.jquic.core.packet.PacketOpener;
import dev.jquic.core.packet.PacketParser;
import dev.jquic.core.packet.PacketSealer;
import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.PacketType;
import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Receive path of one 1200-byte 1-RTT datagram carrying an ACK (4 ranges) and a STREAM frame
 * (about 1100 bytes of data).
 *
 * <ul>
 *   <li>{@code decodeFrames}: frame decoding of the plaintext payload only;
 *   <li>{@code parseOpenDecode}: header parsing, header protection removal, AEAD open
 *       (AES-128-GCM) and frame decoding. Packets are opened in place, so each operation first
 *       copies a pristine protected packet (1200 bytes, one of 256 with increasing packet
 *       numbers) into the receive buffer, as a socket read would.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DatagramDecodeBenchmark {
    private static final int DATAGRAM_SIZE = 1200;
    private static final int PACKETS = 256;
    private static final ConnectionId DESTINATION = ConnectionId.ofHex("8394c8f03e515708");

    private final ByteBuffer plaintextPayload = ByteBuffer.allocate(DATAGRAM_SIZE);
    private final byte[][] protectedPackets = new byte[PACKETS][];
    private final ByteBuffer receiveBuffer = ByteBuffer.allocate(DATAGRAM_SIZE);
    private PacketProtection receiver;
    private int next;
    private long streamBytes;

    private final FrameConsumer consumer = frame -> count(frame);

    @Setup
    public void setUp() {
        byte[] secret = new byte[32];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = (byte) (i * 17 + 3);
        }
        PacketProtection sender = PacketProtection.create(CipherSuite.TLS_AES_128_GCM_SHA256, Version.V1, secret);
        receiver = PacketProtection.create(CipherSuite.TLS_AES_128_GCM_SHA256, Version.V1, secret);

        ByteBuffer out = ByteBuffer.allocate(DATAGRAM_SIZE);
        for (int pn = 0; pn < PACKETS; pn++) {
            out.clear();
            int packetNumberOffset = PacketHeaderWriter.writeShortHeader(out, false, 0, DESTINATION, pn, 2);
            int payloadStart = out.position();
            writeFrames(out, pn, DATAGRAM_SIZE - CipherSuite.TAG_LENGTH);
            if (pn == 0) {
                plaintextPayload.put(out.array(), payloadStart, out.position() - payloadStart).flip();
            }
            int end = PacketSealer.seal(out, 0, packetNumberOffset, pn, sender);
            protectedPackets[pn] = java.util.Arrays.copyOf(out.array(), end);
        }
    }

    /** ACK of 4 ranges, then one STREAM frame without Length filling the rest of the packet. */
    private static void writeFrames(ByteBuffer out, long pn, int payloadEnd) {
        long largest = 10_000 + pn;
        AckFrame.of(new long[] {largest, largest - 20, largest - 25, largest - 40, largest - 50, largest - 60,
            largest - 70, largest - 100}, 100, null).encode(out);
        long streamId = 4;
        long offset = pn * 1100;
        int dataLength = payloadEnd - out.position() - StreamFrame.overhead(streamId, offset, 1100) + 1;
        ByteBuffer data = ByteBuffer.allocate(dataLength);
        StreamFrame frame = new StreamFrame(streamId, offset, data, false);
        frame.encodeWithoutLength(out);
    }

    private void count(Frame frame) {
        if (frame instanceof StreamFrame stream) {
            streamBytes += stream.length();
        }
    }

    @Benchmark
    public long decodeFrames() throws QuicProtocolException {
        plaintextPayload.rewind();
        WireReader reader = new WireReader(plaintextPayload, TransportError.FRAME_ENCODING_ERROR);
        return FrameDecoder.decodeAll(reader, PacketType.ONE_RTT, consumer) + streamBytes;
    }

    @Benchmark
    public long parseOpenDecode() throws QuicProtocolException {
        byte[] source = protectedPackets[next];
        long largestReceived = next == 0 ? -1 : next - 1;
        next = (next + 1) % PACKETS;
        receiveBuffer.clear();
        receiveBuffer.put(source).flip();
        PacketHeader header = (PacketHeader) PacketParser.parse(receiveBuffer, 0, DESTINATION.length());
        OpenedPacket opened = PacketOpener.open(receiveBuffer, header, receiver, largestReceived);
        if (opened == null) {
            throw new IllegalStateException("packet failed to open");
        }
        receiveBuffer.limit(opened.payloadEnd()).position(opened.payloadOffset());
        WireReader reader = new WireReader(receiveBuffer, TransportError.FRAME_ENCODING_ERROR);
        return FrameDecoder.decodeAll(reader, PacketType.ONE_RTT, consumer) + streamBytes;
    }
}
