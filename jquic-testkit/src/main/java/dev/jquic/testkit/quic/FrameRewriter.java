package dev.jquic.testkit.quic;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.crypto.CipherSuite;
import dev.jquic.core.crypto.InitialSecrets;
import dev.jquic.core.crypto.PacketProtection;
import dev.jquic.core.frame.Frame;
import dev.jquic.core.frame.FrameDecoder;
import dev.jquic.core.packet.CoalescedPacketSplitter;
import dev.jquic.core.packet.OpenedPacket;
import dev.jquic.core.packet.PacketHeader;
import dev.jquic.core.packet.PacketHeaderWriter;
import dev.jquic.core.packet.PacketNumbers;
import dev.jquic.core.packet.PacketOpener;
import dev.jquic.core.packet.PacketSealer;
import dev.jquic.core.packet.ParsedPacket;
import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.EncryptionLevel;
import dev.jquic.core.types.EndpointRole;
import dev.jquic.core.types.PacketType;
import dev.jquic.core.types.Version;
import dev.jquic.testkit.net.Datagram;
import dev.jquic.testkit.net.PacketInterceptor;
import dev.jquic.testkit.tls.NullTls;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A man in the middle for misbehaving-peer tests: installed on one direction of a link whose
 * endpoints use {@link NullTls} (fixed, public secrets), it opens every Initial, Handshake and
 * 1-RTT packet, hands its decoded frames to a test-supplied {@link Rewrite}, and seals the packet
 * again with the same packet number, as if the sender had built it (RFC 9001 §5).
 *
 * <p>What it handles: coalesced datagrams (RFC 9000 §12.2), packet number recovery from the
 * largest packet number seen per space (RFC 9000 §A.3), Initial keys derived from the client's
 * first Destination Connection ID (RFC 9001 §5.2; a server-to-client rewriter learns it from the
 * client-to-server rewriter it was made from, see {@link #forServerPackets}), Handshake and 1-RTT
 * keys from {@link NullTls#trafficSecret}.
 *
 * <p>Limits (by design, to stay small): no key updates (RFC 9001 §6): 1-RTT packets are opened
 * with the first-generation keys only; no Retry or version change (the Initial keys stay those of
 * the first client Initial); packets that fail to open are passed on unchanged, as
 * are 0-RTT, Retry and Version Negotiation packets and anything that does not parse. The rewriter
 * does not keep a rewritten datagram under any size limit, and a rewritten long header carries a
 * 2-byte Length, so a packet may grow by a byte. Frames whose decoding fails are passed on as
 * they were. Single-threaded; one instance per link direction.
 */
public final class FrameRewriter implements PacketInterceptor {

    /** Test logic: sees one decrypted packet and may change its frames. */
    @FunctionalInterface
    public interface Rewrite {
        void rewrite(PacketToRewrite packet);
    }

    /** One opened packet handed to a {@link Rewrite}; its frame list is mutable. */
    public static final class PacketToRewrite {
        private final PacketType type;
        private final long packetNumber;
        private final long datagramSequence;
        private final long nowNanos;
        private final List<Frame> frames;
        private byte[] trailingBytes = new byte[0];

        PacketToRewrite(PacketType type, long packetNumber, long datagramSequence, long nowNanos, List<Frame> frames) {
            this.type = type;
            this.packetNumber = packetNumber;
            this.datagramSequence = datagramSequence;
            this.nowNanos = nowNanos;
            this.frames = frames;
        }

        /** INITIAL, HANDSHAKE or ONE_RTT. */
        public PacketType type() {
            return type;
        }

        public long packetNumber() {
            return packetNumber;
        }

        /** The 0-based sequence number of the datagram on this link direction. */
        public long datagramSequence() {
            return datagramSequence;
        }

        public long nowNanos() {
            return nowNanos;
        }

        /**
         * The decoded frames, in order; add, remove or replace entries. STREAM and CRYPTO data
         * are views valid during the callback only. Frames are not checked against the packet
         * type (RFC 9000 §12.4), which is the point of the tool.
         */
        public List<Frame> frames() {
            return frames;
        }

        /** Raw bytes written after the frames, e.g. a malformed frame. */
        public void appendRawBytes(byte[] bytes) {
            byte[] joined = Arrays.copyOf(trailingBytes, trailingBytes.length + bytes.length);
            System.arraycopy(bytes, 0, joined, trailingBytes.length, bytes.length);
            trailingBytes = joined;
        }

        byte[] trailingBytes() {
            return trailingBytes;
        }
    }

    private static final int MAX_DATAGRAM_BYTES = 65_536;
    private static final EncryptionLevel[] LEVELS =
            {EncryptionLevel.INITIAL, EncryptionLevel.HANDSHAKE, EncryptionLevel.ONE_RTT};

    private final EndpointRole sender;
    private final int shortHeaderConnectionIdLength;
    private final CipherSuite suite;
    private final Rewrite rewrite;
    private final FrameRewriter clientSide;
    private final CoalescedPacketSplitter splitter = new CoalescedPacketSplitter();
    private final ByteBuffer output = ByteBuffer.allocate(MAX_DATAGRAM_BYTES);
    private final long[] largestPacketNumbers = {PacketNumbers.NONE, PacketNumbers.NONE, PacketNumbers.NONE};
    private final PacketProtection[] keys = new PacketProtection[3];
    private ConnectionId clientInitialDestination;
    private Version version;
    private long packetsRewritten;

    private FrameRewriter(EndpointRole sender, int shortHeaderConnectionIdLength, CipherSuite suite, Rewrite rewrite,
            FrameRewriter clientSide) {
        this.sender = sender;
        this.shortHeaderConnectionIdLength = shortHeaderConnectionIdLength;
        this.suite = Objects.requireNonNull(suite, "suite");
        this.rewrite = Objects.requireNonNull(rewrite, "rewrite");
        this.clientSide = clientSide;
    }

    /**
     * A rewriter of the client-to-server direction.
     *
     * @param serverConnectionIdLength the length of the connection IDs the server issues (its
     *     {@code ConnectionConfig.connectionIdLength()}), which 1-RTT headers carry
     * @param suite the cipher suite of the null TLS (Handshake and 1-RTT packets)
     */
    public static FrameRewriter forClientPackets(int serverConnectionIdLength, CipherSuite suite, Rewrite rewrite) {
        return new FrameRewriter(EndpointRole.CLIENT, serverConnectionIdLength, suite, rewrite, null);
    }

    /** A client-to-server rewriter for the default configuration (8-byte IDs, AES-128-GCM). */
    public static FrameRewriter forClientPackets(Rewrite rewrite) {
        return forClientPackets(8, CipherSuite.TLS_AES_128_GCM_SHA256, rewrite);
    }

    /**
     * A rewriter of the server-to-client direction of the same connection; it takes the
     * client's first Destination Connection ID (which sets the Initial keys) from this
     * client-side rewriter, which must be installed too.
     *
     * @param clientConnectionIdLength the length of the connection IDs the client issues
     */
    public FrameRewriter forServerPackets(int clientConnectionIdLength, Rewrite serverRewrite) {
        if (sender != EndpointRole.CLIENT) {
            throw new IllegalStateException("make the server-side rewriter from the client-side one");
        }
        return new FrameRewriter(EndpointRole.SERVER, clientConnectionIdLength, suite, serverRewrite, this);
    }

    /** A rewriter that changes nothing (but still opens and re-seals every packet). */
    public static Rewrite unchanged() {
        return packet -> {
        };
    }

    /** How many packets were opened, shown to the {@link Rewrite} and sealed again. */
    public long packetsRewritten() {
        return packetsRewritten;
    }

    @Override
    public Datagram intercept(Datagram datagram, long sequence, long nowNanos) {
        ByteBuffer input = ByteBuffer.wrap(datagram.payload().clone());
        output.clear();
        splitter.reset(input, shortHeaderConnectionIdLength);
        while (splitter.hasNext()) {
            int start = splitter.nextPacketStart();
            ParsedPacket packet;
            try {
                packet = splitter.next();
            } catch (QuicProtocolException malformed) {
                copyRest(datagram.payload(), start);
                break;
            }
            if (!(packet instanceof PacketHeader header) || !rewritePacket(input, header, sequence, nowNanos)) {
                output.put(datagram.payload(), packet.packetStart(), packet.packetEnd() - packet.packetStart());
            }
        }
        byte[] payload = new byte[output.position()];
        output.get(0, payload);
        return new Datagram(datagram.source(), datagram.destination(), payload);
    }

    private void copyRest(byte[] original, int start) {
        output.put(original, start, original.length - start);
    }

    /** Opens, rewrites and seals one packet into {@link #output}; false to copy it unchanged. */
    private boolean rewritePacket(ByteBuffer input, PacketHeader header, long sequence, long nowNanos) {
        if (header.version() != null) {
            version = header.version();
        }
        if (header.type() == PacketType.INITIAL && sender == EndpointRole.CLIENT && clientInitialDestination == null) {
            clientInitialDestination = header.destinationConnectionId();
        }
        PacketProtection protection = keysFor(header.type());
        if (protection == null || !header.hasHeaderProtectionSample(CipherSuite.SAMPLE_LENGTH)) {
            return false;
        }
        int space = spaceIndex(header.type());
        OpenedPacket opened;
        List<Frame> frames;
        try {
            opened = PacketOpener.open(input, header, protection, largestPacketNumbers[space]);
            if (opened == null) {
                return false;
            }
            frames = new ArrayList<>(FrameDecoder.decodeAll(opened.payload(input), header.type()));
        } catch (QuicProtocolException malformed) {
            return false;
        }
        largestPacketNumbers[space] = Math.max(largestPacketNumbers[space], opened.packetNumber());
        int unprotectedFirstByte = input.get(header.packetStart()) & 0xff;
        int packetNumberLength = header.packetNumberLength(unprotectedFirstByte);
        PacketToRewrite view = new PacketToRewrite(header.type(), opened.packetNumber(), sequence, nowNanos, frames);
        rewrite.rewrite(view);
        int packetStart = output.position();
        int packetNumberOffset = switch (header.type()) {
            case INITIAL -> {
                byte[] token = new byte[header.token().remaining()];
                header.token().duplicate().get(token);
                yield PacketHeaderWriter.writeInitial(output, header.version(), header.destinationConnectionId(),
                        header.sourceConnectionId(), token, opened.packetNumber(), packetNumberLength);
            }
            case HANDSHAKE -> PacketHeaderWriter.writeLongHeader(output, PacketType.HANDSHAKE, header.version(),
                    header.destinationConnectionId(), header.sourceConnectionId(), opened.packetNumber(),
                    packetNumberLength);
            default -> PacketHeaderWriter.writeShortHeader(output, header.spinBit(), opened.keyPhase(),
                    header.destinationConnectionId(), opened.packetNumber(), packetNumberLength);
        };
        for (Frame frame : frames) {
            frame.encode(output);
        }
        output.put(view.trailingBytes());
        PacketSealer.seal(output, packetStart, packetNumberOffset, opened.packetNumber(), protection);
        packetsRewritten++;
        return true;
    }

    /** 0, 1, 2 for the Initial, Handshake and application packet number spaces; -1 for other types. */
    private static int spaceIndex(PacketType type) {
        return switch (type) {
            case INITIAL -> 0;
            case HANDSHAKE -> 1;
            case ONE_RTT -> 2;
            default -> -1;
        };
    }

    /** The sender's write keys for packets of {@code type}, or null if not (yet) known. */
    private PacketProtection keysFor(PacketType type) {
        int index = spaceIndex(type);
        if (index < 0) {
            return null;
        }
        EncryptionLevel level = LEVELS[index];
        if (keys[index] != null || version == null) {
            return keys[index];
        }
        if (level == EncryptionLevel.INITIAL) {
            ConnectionId destination = sender == EndpointRole.CLIENT
                    ? clientInitialDestination : clientSide.clientInitialDestination;
            if (destination == null) {
                return null;
            }
            InitialSecrets secrets = InitialSecrets.derive(version, destination);
            keys[index] = sender == EndpointRole.CLIENT ? secrets.clientProtection() : secrets.serverProtection();
        } else {
            keys[index] = PacketProtection.create(suite, version, NullTls.trafficSecret(level, sender, suite));
        }
        return keys[index];
    }
}
