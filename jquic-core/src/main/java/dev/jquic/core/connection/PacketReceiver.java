package dev.jquic.core.connection;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.codec.WireReader;
import dev.jquic.core.crypto.PacketProtection;
import dev.jquic.core.crypto.RetryIntegrity;
import dev.jquic.core.frame.AckFrame;
import dev.jquic.core.frame.ConnectionCloseFrame;
import dev.jquic.core.frame.CryptoFrame;
import dev.jquic.core.frame.DataBlockedFrame;
import dev.jquic.core.frame.DatagramFrame;
import dev.jquic.core.frame.Frame;
import dev.jquic.core.frame.FrameConsumer;
import dev.jquic.core.frame.FrameDecoder;
import dev.jquic.core.frame.HandshakeDoneFrame;
import dev.jquic.core.frame.MaxDataFrame;
import dev.jquic.core.frame.MaxStreamDataFrame;
import dev.jquic.core.frame.MaxStreamsFrame;
import dev.jquic.core.frame.NewConnectionIdFrame;
import dev.jquic.core.frame.NewTokenFrame;
import dev.jquic.core.frame.PaddingFrame;
import dev.jquic.core.frame.PathChallengeFrame;
import dev.jquic.core.frame.PathResponseFrame;
import dev.jquic.core.frame.ResetStreamFrame;
import dev.jquic.core.frame.RetireConnectionIdFrame;
import dev.jquic.core.frame.StopSendingFrame;
import dev.jquic.core.frame.StreamDataBlockedFrame;
import dev.jquic.core.frame.StreamFrame;
import dev.jquic.core.frame.StreamsBlockedFrame;
import dev.jquic.core.packet.CoalescedPacketSplitter;
import dev.jquic.core.packet.OpenedPacket;
import dev.jquic.core.packet.PacketHeader;
import dev.jquic.core.packet.PacketHeaderWriter;
import dev.jquic.core.packet.PacketOpener;
import dev.jquic.core.packet.ParsedPacket;
import dev.jquic.core.packet.RetryPacket;
import dev.jquic.core.packet.VersionNegotiationPacket;
import dev.jquic.core.path.NetworkPath;
import dev.jquic.core.recovery.AckOutcome;
import dev.jquic.core.trace.ConnectionTracer;
import dev.jquic.core.trace.PacketDropReason;
import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.EncryptionLevel;
import dev.jquic.core.types.EndpointRole;
import dev.jquic.core.types.PacketNumberSpace;
import dev.jquic.core.types.PacketType;
import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;

/**
 * The receive side of a {@link Connection}: splits datagrams into packets (RFC 9000 §12.2),
 * removes protection with the keys of the packet's level (RFC 9001 §5), drops what cannot be
 * processed, dispatches frames to their owners, and acknowledges what was processed. Also
 * handles Retry and Version Negotiation at a client, and detects a peer's stateless reset.
 */
final class PacketReceiver {

    private static final int SHORT_HEADER_FORM_MASK = 0x80;
    /** RFC 9000 §10.2.1: answer packets in the closing state at exponentially spaced counts. */
    private static final long CLOSE_RESEND_MASK_LIMIT = 1L << 20;

    private final Connection connection;
    private final CoalescedPacketSplitter splitter = new CoalescedPacketSplitter();
    private final FrameConsumer frameConsumer = this::onFrame;
    /** Frames of the packet being processed, collected only while a tracer is set. */
    private final java.util.ArrayList<Frame> receivedFrames = new java.util.ArrayList<>();
    private final UndecryptablePackets undecryptable = new UndecryptablePackets();
    private final java.util.function.Predicate<EncryptionLevel> keysNowAvailable = this::keysNowAvailable;

    // The packet being processed (fields instead of a context object: no per-packet allocation).
    private PacketType packetType;
    private PacketNumberSpace packetSpace;
    private ConnectionId packetDestinationConnectionId;
    private NetworkPath packetPath;
    private int packetKeyPhase;
    private boolean packetAckEliciting;
    private boolean packetNonProbing;
    /** A STREAM frame of the packet only repeated data we had (see Connection.ackOfRepeatsDue). */
    private boolean packetRepeatsStreamData;
    /** A STREAM frame of the packet brought data we did not have. */
    private boolean packetBringsNewStreamData;
    private long nowNanos;
    private int datagramLength;
    /** The packet being processed was buffered for longer than a probe timeout (not acknowledged). */
    private boolean replayingStale;

    /**
     * Handshake CRYPTO bytes sent with an early ServerHello: about what a 1,200-byte datagram
     * holds besides the Initial packet (headers, ACK, ServerHello, two AEAD tags).
     */
    static final int EARLY_HANDSHAKE_CRYPTO_BYTES = 900;

    /** RFC 9002 §6.2.3: "for a limited number of times per connection". */
    static final int MAX_EARLY_CRYPTO_RESENDS = 3;

    PacketReceiver(Connection connection) {
        this.connection = connection;
    }

    void handleDatagram(ByteBuffer datagram, NetworkPath path, long now) {
        Connection c = connection;
        c.counters.datagramsReceived++;
        c.counters.bytesReceived += datagram.remaining();
        if (c.state == ConnectionState.CLOSED || c.state == ConnectionState.DRAINING) {
            return;
        }
        if (c.state == ConnectionState.CLOSING) {
            onDatagramWhileClosing();
            return;
        }
        if (datagram.remaining() == 0) {
            return;
        }
        nowNanos = now;
        datagramLength = datagram.remaining();
        c.paths.onDatagramReceived(path, datagram.remaining());
        boolean processedAny = false;
        splitter.reset(datagram, c.localConnectionIds.connectionIdLength());
        try {
            while (splitter.hasNext() && !c.state.isTerminating()) {
                ParsedPacket packet;
                int packetStart = splitter.nextPacketStart();
                try {
                    packet = splitter.next();
                } catch (QuicProtocolException malformed) {
                    // RFC 9000 §12.2: a packet that cannot be parsed ends the datagram; earlier
                    // packets stay processed.
                    dropped(null, datagram.limit() - packetStart, PacketDropReason.INVALID);
                    break;
                }
                if (packet instanceof PacketHeader header) {
                    processedAny |= onPacket(datagram, header, path);
                } else if (packet instanceof RetryPacket retry) {
                    onRetry(datagram, retry, now);
                } else if (packet instanceof VersionNegotiationPacket negotiation) {
                    onVersionNegotiation(negotiation, now);
                } else {
                    // RFC 9000 §5.2: a packet of a version the connection does not know is discarded.
                    dropped(null, datagram.limit() - packetStart, PacketDropReason.UNSUPPORTED);
                }
            }
            if (!undecryptable.isEmpty()) {
                processedAny |= replayUndecryptable();
            }
        } catch (QuicProtocolException violation) {
            c.closeWithError(violation, now);
            return;
        }
        if (!processedAny && !c.state.isTerminating()
                && (datagram.get(datagram.position()) & SHORT_HEADER_FORM_MASK) == 0
                && c.peerConnectionIds.isStatelessReset(datagram)) {
            // RFC 9000 §10.3.1: a matching token means the peer lost state: drain, send nothing.
            c.enterDraining(new CloseReason(CloseReason.Origin.STATELESS_RESET, 0, false, 0,
                    "stateless reset received"), now);
        }
    }

    private void onDatagramWhileClosing() {
        Connection c = connection;
        c.packetsReceivedWhileClosing++;
        long count = c.packetsReceivedWhileClosing;
        // RFC 9000 §10.2.1: limit the rate of CONNECTION_CLOSE answers (here: 1st, 2nd, 4th, ...).
        if (count < CLOSE_RESEND_MASK_LIMIT && (count & (count - 1)) == 0) {
            c.closeFrameDue = true;
        }
    }

    /** Counts a received packet dropped unprocessed, and tells the tracer why. */
    private void dropped(PacketType type, int sizeBytes, PacketDropReason reason) {
        Connection c = connection;
        c.counters.packetsDropped++;
        if (c.tracer != ConnectionTracer.NONE) {
            c.tracer.packetDropped(nowNanos, type, sizeBytes, reason);
        }
    }

    /** RFC 9001 §5.7: buffered packets whose keys the packets just processed installed. */
    private boolean replayUndecryptable() throws QuicProtocolException {
        Connection c = connection;
        boolean processedAny = false;
        UndecryptablePackets.Buffered buffered;
        while (!c.state.isTerminating() && (buffered = undecryptable.pollReadable(keysNowAvailable)) != null) {
            // A packet that waited longer than a probe timeout is used but not acknowledged: an
            // ACK of it would hand the peer an RTT sample as long as the wait, and a first sample
            // counts in full whatever the ACK Delay says (RFC 9002 §5.2, §5.3). A Handshake packet
            // quiche sent 11 s before the client got the keys made quiche's smoothed RTT 11 s, and
            // its lost response then waited 9/8 of that to be declared lost (issue #6, seed 10616).
            // Unacknowledged, its content is declared lost and sent again, and that copy is
            // acknowledged; the ack delay RFC 9000 §13.2.1 asks for was out of reach anyway.
            replayingStale = nowNanos - buffered.arrivalNanos() > c.rtt.ptoBaseNanos();
            splitter.reset(buffered.packet(), c.localConnectionIds.connectionIdLength());
            ParsedPacket packet;
            try {
                packet = splitter.next();
            } catch (QuicProtocolException malformed) {
                dropped(null, buffered.packet().remaining(), PacketDropReason.INVALID);
                continue;
            }
            if (packet instanceof PacketHeader header) {
                try {
                    processedAny |= onPacket(buffered.packet(), header, buffered.path());
                } finally {
                    replayingStale = false;
                }
            }
        }
        return processedAny;
    }

    /** Whether a packet of {@code level} can now be opened (or will be dropped for good). */
    private boolean keysNowAvailable(EncryptionLevel level) {
        Connection c = connection;
        PacketSpace space = c.space(level.packetNumberSpace());
        if (space.discarded) {
            return true;
        }
        return level == EncryptionLevel.ONE_RTT ? oneRttOpenable() : space.receiveKeys != null;
    }

    /**
     * RFC 9001 §5.7: 1-RTT packets are opened only once the TLS handshake is complete. A server
     * holds the 1-RTT read key from its own Finished on, but the client's Finished has to come
     * first; until then such packets wait in the buffer of undecryptable packets.
     */
    private boolean oneRttOpenable() {
        Connection c = connection;
        return c.oneRttKeys != null && c.handshakeCompletedNanos >= 0;
    }

    /** Buffers a packet that arrived before its keys; counts it dropped if there is no room. */
    private boolean bufferUndecryptable(ByteBuffer datagram, PacketHeader header, NetworkPath path,
            EncryptionLevel level) {
        resendClientHelloIfServerInitialLost();
        int size = header.packetEnd() - header.packetStart();
        if (!undecryptable.add(datagram, header.packetStart(), header.packetEnd(), path, level, nowNanos)) {
            dropped(header.type(), size, PacketDropReason.BUFFER_FULL);
        } else if (connection.tracer != ConnectionTracer.NONE) {
            connection.tracer.packetBuffered(nowNanos, header.type(), size);
        }
        return false;
    }

    /**
     * RFC 9002 §6.2.3: a client that receives Handshake or 1-RTT packets before it has Handshake
     * keys may assume the server's Initial was lost. It sends its ClientHello again at once; a
     * server seeing the duplicate CRYPTO data can repeat its Initial (jquic's does) instead of
     * both sides waiting for PTOs that backed off.
     */
    private void resendClientHelloIfServerInitialLost() {
        Connection c = connection;
        if (c.role != EndpointRole.CLIENT || c.space(PacketNumberSpace.HANDSHAKE).receiveKeys != null
                || c.space(PacketNumberSpace.INITIAL).discarded
                || c.crypto.unackedBytes(EncryptionLevel.INITIAL) == 0 || !earlyCryptoResendAllowed()) {
            return;
        }
        resendCryptoEarly(PacketNumberSpace.INITIAL);
    }

    /**
     * RFC 9002 §6.2.3: early resends happen "for a limited number of times per connection", and
     * here at most once per smoothed RTT: one flight brings several packets that each call for it.
     */
    private boolean earlyCryptoResendAllowed() {
        Connection c = connection;
        return c.earlyCryptoResends < MAX_EARLY_CRYPTO_RESENDS
                && (c.earlyCryptoResends == 0 || nowNanos - c.lastEarlyCryptoResendNanos >= c.rtt.smoothedRttNanos());
    }

    private void resendCryptoEarly(PacketNumberSpace space) {
        Connection c = connection;
        c.earlyCryptoResends++;
        c.lastEarlyCryptoResendNanos = nowNanos;
        c.assembler.resendUnacknowledgedCrypto(space);
    }

    /** @return whether the packet was decrypted and processed */
    private boolean onPacket(ByteBuffer datagram, PacketHeader header, NetworkPath path)
            throws QuicProtocolException {
        Connection c = connection;
        PacketType type = header.type();
        PacketProtection originalVersionKeys = null;
        if (header.isLongHeader() && !header.version().equals(c.version)) {
            if (c.role == EndpointRole.SERVER && type == PacketType.INITIAL
                    && header.version().equals(c.originalVersion)) {
                // RFC 9368 §2.3: Initials the client sent before it saw the negotiated version.
                originalVersionKeys = c.originalVersionInitialReceiveKeys;
            } else if (type != PacketType.INITIAL || !c.versionNegotiator.followServer(header.version())) {
                dropped(type, header.packetEnd() - header.packetStart(), PacketDropReason.UNSUPPORTED);
                return false;
            }
        }
        if (type == PacketType.INITIAL && c.role == EndpointRole.SERVER
                && datagramLength < ConnectionConfig.MIN_DATAGRAM_SIZE) {
            // RFC 9000 §14.1: a server MUST discard an Initial packet in a datagram smaller than
            // 1200 bytes — every one, not only the first (which the endpoint checks).
            dropped(type, header.packetEnd() - header.packetStart(), PacketDropReason.REJECTED);
            return false;
        }
        PacketSpace space = c.space(type.encryptionLevel().packetNumberSpace());
        OpenedPacket opened;
        if (space.discarded) {
            dropped(type, header.packetEnd() - header.packetStart(), PacketDropReason.KEY_UNAVAILABLE);
            return false;
        }
        if (type == PacketType.ONE_RTT) {
            if (!oneRttOpenable()) {
                return bufferUndecryptable(datagram, header, path, EncryptionLevel.ONE_RTT);
            }
            opened = c.oneRttKeys.open(datagram, header, space.largestReceived, nowNanos, c.currentPtoNanos());
        } else {
            PacketProtection keys = type == PacketType.ZERO_RTT ? zeroRttKeys()
                    : originalVersionKeys != null ? originalVersionKeys : space.receiveKeys;
            if (keys == null) {
                if (type == PacketType.HANDSHAKE) {
                    return bufferUndecryptable(datagram, header, path, EncryptionLevel.HANDSHAKE);
                }
                dropped(type, header.packetEnd() - header.packetStart(), PacketDropReason.KEY_UNAVAILABLE);
                return false;
            }
            opened = PacketOpener.open(datagram, header, keys, space.largestReceived);
        }
        if (opened == null) {
            dropped(type, header.packetEnd() - header.packetStart(), PacketDropReason.DECRYPTION_FAILURE);
            return false;
        }
        long packetNumber = opened.packetNumber();
        if (space.ackTracker.isDuplicate(packetNumber)) {
            dropped(type, header.packetEnd() - header.packetStart(), PacketDropReason.DUPLICATE);
            return false;
        }
        if (type == PacketType.INITIAL && c.role == EndpointRole.CLIENT && !c.receivedPacketFromPeer) {
            // RFC 9000 §7.2: the client switches to the server's chosen connection ID.
            c.peerConnectionIds.updateInitialConnectionId(header.sourceConnectionId());
            c.peerInitialSourceConnectionId = header.sourceConnectionId();
        }
        c.receivedPacketFromPeer = true;

        packetType = type;
        packetSpace = space.space;
        packetDestinationConnectionId = header.destinationConnectionId();
        packetPath = path;
        packetKeyPhase = opened.keyPhase();
        packetAckEliciting = false;
        packetNonProbing = false;
        packetRepeatsStreamData = false;
        packetBringsNewStreamData = false;
        receivedFrames.clear();
        // Frames are decoded from the datagram itself narrowed to the payload, not from a slice:
        // one buffer object less per packet (ConnectionTransferBenchmark). Restored afterwards.
        int datagramPosition = datagram.position();
        int datagramLimit = datagram.limit();
        datagram.limit(opened.payloadEnd()).position(opened.payloadOffset());
        try {
            FrameDecoder.decodeAll(new WireReader(datagram, TransportError.FRAME_ENCODING_ERROR), type, frameConsumer);
        } finally {
            datagram.limit(datagramLimit).position(datagramPosition);
        }
        if (c.tracer != ConnectionTracer.NONE) {
            c.tracer.packetReceived(nowNanos, type, packetNumber, header.packetEnd() - header.packetStart(),
                    receivedFrames);
            receivedFrames.clear();
        }

        if (packetNumber > space.largestReceived) {
            space.largestReceived = packetNumber;
        }
        if (!replayingStale) {
            space.ackTracker.onPacketReceived(packetNumber, packetAckEliciting, AckTracker.ECN_NOT_ECT, nowNanos);
        }
        if (packetRepeatsStreamData && !packetBringsNewStreamData) {
            c.ackOfRepeatsDue = true;
        }
        c.counters.packetsReceived++;
        if (type == PacketType.ZERO_RTT) {
            c.counters.zeroRttPacketsReceived++;
        }
        c.onPacketProcessed(nowNanos);
        if (type == PacketType.HANDSHAKE && c.role == EndpointRole.SERVER) {
            // RFC 9000 §8.1: a Handshake packet validates the client's address; RFC 9001
            // §4.9.1: the server discards Initial keys on first processing one.
            c.paths.validateActivePath();
            c.discardSpace(PacketNumberSpace.INITIAL, nowNanos);
        }
        if (type == PacketType.ONE_RTT && packetNonProbing && packetNumber == space.largestReceived) {
            c.paths.onNonProbingPacket(path, nowNanos);
            c.drainPathEvents();
        }
        return true;
    }

    private PacketProtection zeroRttKeys() {
        return connection.role == EndpointRole.SERVER ? connection.zeroRttReceiveKeys : null;
    }

    private void onFrame(Frame frame) throws QuicProtocolException {
        Connection c = connection;
        if (c.tracer != ConnectionTracer.NONE && !(frame instanceof PaddingFrame)) {
            receivedFrames.add(frame);
        }
        if (c.state.isTerminating()) {
            return;
        }
        if (frame.ackEliciting()) {
            packetAckEliciting = true;
        }
        if (frame instanceof StreamFrame stream) {
            packetNonProbing = true;
            if (c.streams.onStreamFrame(stream)) {
                packetRepeatsStreamData = true;
            } else {
                packetBringsNewStreamData = true;
            }
        } else if (frame instanceof AckFrame ack) {
            packetNonProbing = true;
            onAck(ack);
        } else if (frame instanceof PaddingFrame) {
            return;
        } else if (frame instanceof CryptoFrame cryptoFrame) {
            packetNonProbing = true;
            EncryptionLevel level = packetType.encryptionLevel();
            if (level == EncryptionLevel.HANDSHAKE && c.role == EndpointRole.CLIENT
                    && cryptoFrame.offset() + cryptoFrame.length() <= c.crypto.deliveredOffset(level)
                    && c.crypto.unackedBytes(level) > 0 && earlyCryptoResendAllowed()) {
                // RFC 9002 §6.2.3: the server sending its Handshake flight again means it did not
                // get the client's Finished; resend it now rather than at a PTO whose backoff grew
                // during the handshake (issue #6, seed 11001: quiche repeated its flight at 11, 19
                // and 35 s, and the client's next probe would have come after the 60 s).
                resendCryptoEarly(PacketNumberSpace.HANDSHAKE);
            } else if (level == EncryptionLevel.INITIAL && c.role == EndpointRole.SERVER
                    && cryptoFrame.offset() + cryptoFrame.length() <= c.crypto.deliveredOffset(level)
                    && c.crypto.unackedBytes(level) > 0 && earlyCryptoResendAllowed()) {
                // RFC 9002 §6.2.3: a client sending its ClientHello again did not get the server's
                // Initial. The ServerHello goes again now, not at a PTO that may have backed off
                // further than the client's, with as much of the Handshake flight as fills the
                // rest of its 1,200-byte datagram. Not the whole flight: the client may hold the
                // Handshake packets already, and repeating all of them spent the anti-amplification
                // allowance that the server's own probes need (a 3 KB flight through 30 % loss:
                // 2 of 2,000 handshakes never completed, against none without the early resend).
                resendCryptoEarly(PacketNumberSpace.INITIAL);
                c.assembler.resendHandshakeCryptoPrefix(EARLY_HANDSHAKE_CRYPTO_BYTES);
            }
            c.handshake.onCryptoFrame(level, cryptoFrame, nowNanos);
        } else {
            onOtherFrame(frame);
        }
    }

    private void onOtherFrame(Frame frame) throws QuicProtocolException {
        Connection c = connection;
        // RFC 9000 §9.1: all but PATH_CHALLENGE, PATH_RESPONSE, NEW_CONNECTION_ID and PADDING
        // are non-probing frames.
        boolean probing = frame instanceof PathChallengeFrame || frame instanceof PathResponseFrame
                || frame instanceof NewConnectionIdFrame;
        if (!probing) {
            packetNonProbing = true;
        }
        if (frame instanceof MaxDataFrame maxData) {
            c.streams.onMaxData(maxData);
        } else if (frame instanceof MaxStreamDataFrame maxStreamData) {
            c.streams.onMaxStreamData(maxStreamData);
        } else if (frame instanceof ResetStreamFrame reset) {
            c.streams.onResetStream(reset);
        } else if (frame instanceof StopSendingFrame stopSending) {
            c.streams.onStopSending(stopSending);
        } else if (frame instanceof MaxStreamsFrame maxStreams) {
            c.streams.onMaxStreams(maxStreams);
        } else if (frame instanceof DataBlockedFrame blocked) {
            c.streams.onDataBlocked(blocked);
        } else if (frame instanceof StreamDataBlockedFrame blocked) {
            c.streams.onStreamDataBlocked(blocked);
        } else if (frame instanceof StreamsBlockedFrame blocked) {
            c.streams.onStreamsBlocked(blocked);
        } else if (frame instanceof NewConnectionIdFrame newId) {
            c.peerConnectionIds.onNewConnectionId(newId);
        } else if (frame instanceof RetireConnectionIdFrame retire) {
            c.localConnectionIds.onRetireConnectionId(retire, packetDestinationConnectionId);
            c.localConnectionIds.issue();
        } else if (frame instanceof PathChallengeFrame challenge) {
            c.paths.onPathChallenge(packetPath, challenge);
        } else if (frame instanceof PathResponseFrame response) {
            c.paths.onPathResponse(packetPath, response, nowNanos);
            c.drainPathEvents();
        } else if (frame instanceof ConnectionCloseFrame close) {
            onConnectionClose(close);
        } else if (frame instanceof HandshakeDoneFrame) {
            // RFC 9000 §19.20: a server MUST treat receipt of HANDSHAKE_DONE as PROTOCOL_VIOLATION.
            if (c.role == EndpointRole.SERVER) {
                throw new QuicProtocolException(TransportError.PROTOCOL_VIOLATION, "client sent HANDSHAKE_DONE");
            }
            c.handshake.onHandshakeConfirmed(nowNanos);
        } else if (frame instanceof NewTokenFrame token) {
            // RFC 9000 §19.7: a server MUST treat receipt of NEW_TOKEN as PROTOCOL_VIOLATION.
            if (c.role == EndpointRole.SERVER) {
                throw new QuicProtocolException(TransportError.PROTOCOL_VIOLATION, "client sent NEW_TOKEN");
            }
            c.addEvent(new ConnectionEvent.NewToken(token.token()));
        } else if (frame instanceof DatagramFrame datagramFrame) {
            onDatagramFrame(datagramFrame);
        }
        // PING needs nothing beyond being acknowledged.
    }

    private void onAck(AckFrame ack) throws QuicProtocolException {
        Connection c = connection;
        PacketSpace space = c.space(packetSpace);
        // RFC 9000 §21.4: an ACK of a packet number never used exposes an optimistic ACK.
        if (space.skippedPacketNumber >= 0 && ack.acknowledges(space.skippedPacketNumber)) {
            throw new QuicProtocolException(TransportError.PROTOCOL_VIOLATION,
                    "ACK of skipped packet number " + space.skippedPacketNumber);
        }
        // RFC 9000 §19.3: the ACK Delay is scaled by the sender's ack_delay_exponent; like our own
        // (DatagramAssembler.writeAck), Initial and Handshake ACKs use the default exponent 3.
        int exponent = packetSpace == PacketNumberSpace.APPLICATION ? c.peerAckDelayExponent
                : dev.jquic.core.params.TransportParameters.DEFAULT_ACK_DELAY_EXPONENT;
        long micros = ack.ackDelayMicros(exponent);
        long ackDelayNanos = micros >= Long.MAX_VALUE / 1000 ? Long.MAX_VALUE / 2 : micros * 1000;
        AckOutcome outcome = c.recovery.onAckReceived(packetSpace, ack, ackDelayNanos, nowNanos);
        if (outcome == AckOutcome.UNSENT_PACKET_ACKNOWLEDGED) {
            // RFC 9000 §13.1: an ACK for a packet never sent MAY be a PROTOCOL_VIOLATION.
            throw new QuicProtocolException(TransportError.PROTOCOL_VIOLATION,
                    "ACK of packet number " + ack.largestAcknowledged() + " never sent in " + packetSpace);
        }
        if (c.tracer != ConnectionTracer.NONE) {
            c.tracer.metricsUpdated(nowNanos, c.congestion.congestionWindowBytes(), c.congestion.bytesInFlight(),
                    c.rtt.smoothedRttNanos(), c.rtt.hasSample() ? c.rtt.minRttNanos() : 0, c.rtt.rttVariationNanos());
        }
        if (ack.largestAcknowledged() > space.largestAckedByPeer) {
            space.largestAckedByPeer = ack.largestAcknowledged();
        }
        if (packetType == PacketType.ONE_RTT && c.oneRttKeys != null) {
            c.oneRttKeys.onAckFrameReceived(packetKeyPhase, ack.largestAcknowledged());
        }
        if (c.role == EndpointRole.CLIENT && c.state != ConnectionState.CONFIRMED
                && packetSpace == PacketNumberSpace.APPLICATION && c.firstOneRttPacketNumber >= 0
                && ack.largestAcknowledged() >= c.firstOneRttPacketNumber) {
            // RFC 9001 §4.1.2: a client MAY consider the handshake confirmed once a 1-RTT packet
            // (not a 0-RTT one) is acknowledged: the server reads 1-RTT packets only after its
            // handshake completed (§5.7). Waiting for a lost HANDSHAKE_DONE kept the client
            // probing with its Finished, which the server could no longer open (issue #6, seed
            // 39004: 16 s of such probes while quiche's response was being lost).
            c.handshake.onHandshakeConfirmed(nowNanos);
        }
    }

    private void onConnectionClose(ConnectionCloseFrame close) {
        boolean application = close.kind() == ConnectionCloseFrame.Kind.APPLICATION;
        connection.enterDraining(new CloseReason(CloseReason.Origin.PEER, close.errorCode(), application,
                close.triggeringFrameType(), close.reasonText()), nowNanos);
    }

    private void onDatagramFrame(DatagramFrame frame) throws QuicProtocolException {
        Connection c = connection;
        long limit = c.config.maxDatagramFrameSize();
        // RFC 9221 §3: DATAGRAM without having advertised support, or larger than advertised,
        // MUST be a PROTOCOL_VIOLATION.
        if (limit == 0) {
            throw new QuicProtocolException(TransportError.PROTOCOL_VIOLATION, "DATAGRAM frames were not negotiated");
        }
        if (frame.encodedLength() > limit) {
            throw new QuicProtocolException(TransportError.PROTOCOL_VIOLATION,
                    "DATAGRAM frame of " + frame.encodedLength() + " bytes exceeds max_datagram_frame_size " + limit);
        }
        boolean wasEmpty = !c.datagrams.hasIncoming();
        if (!c.datagrams.offerIncoming(frame.data())) {
            c.counters.datagramFramesDropped++;
        } else if (wasEmpty) {
            c.addEvent(new ConnectionEvent.DatagramsReadable());
        }
    }

    /** RFC 9000 §17.2.5.2: a client accepts one valid Retry before any other server packet. */
    private void onRetry(ByteBuffer datagram, RetryPacket retry, long now) {
        Connection c = connection;
        if (c.role != EndpointRole.CLIENT || c.retryReceived || c.receivedPacketFromPeer
                || !retry.version().equals(c.version)
                || !retry.destinationConnectionId().equals(c.localConnectionId())
                || retry.token().length == 0
                || !initialFitsToken(retry)
                || !RetryIntegrity.forVersion(retry.version()).verify(c.originalDestinationConnectionId, datagram,
                        retry.packetStart(), retry.packetEnd())) {
            dropped(PacketType.RETRY, retry.packetEnd() - retry.packetStart(), PacketDropReason.REJECTED);
            return;
        }
        c.retryReceived = true;
        c.retrySourceConnectionId = retry.sourceConnectionId();
        c.initialToken = retry.token();
        c.peerConnectionIds.updateInitialConnectionId(retry.sourceConnectionId());
        // RFC 9001 §5.2: Initial keys now derive from the Retry's Source Connection ID.
        c.installInitialKeys(retry.sourceConnectionId());
        // RFC 9002 §6.3: the Initial packets sent so far will not be acknowledged; send their
        // CRYPTO data again (packet numbers keep increasing, RFC 9000 §17.2.5.3).
        c.recovery.discardSpace(PacketNumberSpace.INITIAL, now);
        if (c.initialCryptoBytesSent > 0) {
            c.crypto.onLost(EncryptionLevel.INITIAL, 0, (int) c.initialCryptoBytesSent);
        }
    }

    /**
     * Whether an Initial carrying the Retry's token (RFC 9000 §17.2.5.2: every later Initial
     * carries it) still has room for CRYPTO data in a datagram of the minimum size, 1200 bytes
     * (§14.1). A longer token would leave the client unable to send its ClientHello at all, so
     * such a Retry is discarded like the other Retries the client cannot use (§17.2.5.2).
     */
    private boolean initialFitsToken(RetryPacket retry) {
        int headerLength = PacketHeaderWriter.initialHeaderLength(retry.sourceConnectionId().length(),
                connection.localConnectionId().length(), retry.token().length, 4);
        return headerLength + DatagramAssembler.MIN_PACKET_ROOM <= ConnectionConfig.MIN_DATAGRAM_SIZE;
    }

    /** RFC 9000 §6.2: a client abandons the attempt when no offered version is acceptable. */
    private void onVersionNegotiation(VersionNegotiationPacket negotiation, long now) {
        Connection c = connection;
        // RFC 9000 §6.2: ignore it after any other packet, or if it lists our version.
        if (c.role != EndpointRole.CLIENT || c.receivedPacketFromPeer
                || negotiation.supportedVersions().contains(c.version)
                || !java.util.Arrays.equals(negotiation.destinationConnectionId(), c.localConnectionId().toByteArray())) {
            dropped(PacketType.VERSION_NEGOTIATION, datagramLength, PacketDropReason.REJECTED);
            return;
        }
        StringBuilder offered = new StringBuilder();
        for (Version version : negotiation.supportedVersions()) {
            offered.append(offered.length() == 0 ? "" : ", ").append(version);
        }
        c.closeReason = new CloseReason(CloseReason.Origin.VERSION_NEGOTIATION,
                TransportError.VERSION_NEGOTIATION_ERROR.code(), false, 0,
                "server offers only [" + offered + "], not " + c.version);
        c.addEvent(new ConnectionEvent.Closed(c.closeReason));
        c.state = ConnectionState.CLOSED;
        c.addEvent(new ConnectionEvent.Terminated());
    }
}
