package dev.jquic.core.path;

/**
 * Datagram Packetization Layer Path MTU Discovery (DPLPMTUD, RFC 8899) for one QUIC path, as
 * RFC 9000 §14.3 applies it: a pure state machine that decides the maximum datagram size (the
 * DPLPMTUD "PLPMTU", RFC 8899 §4.4 MPS) and when a PMTU probe of which size is due; the
 * connection builds and sends the probes (PING + PADDING, RFC 9000 §14.4) and reports their
 * acknowledgment or loss and the fate of its other packets.
 *
 * <p>States (RFC 8899 §5.2): {@link State#DISABLED} until the handshake is confirmed (RFC 9000
 * §14.3.1) or when the ceiling is {@link #BASE_PLPMTU}; {@link State#SEARCHING} while probes are
 * due; {@link State#SEARCH_COMPLETE} when the ceiling was confirmed or the search interval is
 * narrower than {@link #SEARCH_GRANULARITY_BYTES}; {@link State#BASE} after a black hole, until a
 * packet of the base size is acknowledged. QUIC is an acknowledged packetization layer, so there is
 * no CONFIRMATION_TIMER (RFC 9000 §14.3.2); the ERROR state does not exist here, since the base is
 * QUIC's minimum of 1200 bytes and a path below it fails the connection by loss detection.
 *
 * <p>Search: the first probe is at the ceiling, min(local maximum, peer's max_udp_payload_size)
 * (RFC 9000 §14, §18.2), which most paths carry; after {@link #MAX_PROBES} lost probes of a size
 * (RFC 8899 §5.1.2 MAX_PROBES) that size bounds the interval from above and the next candidate is
 * the midpoint (binary search); a search restarted after a black hole starts at the midpoint
 * below the size that failed. One probe is outstanding at a time. A completed search below the
 * ceiling is tried again after {@link #DEFAULT_RAISE_INTERVAL_NANOS} (PMTU_RAISE_TIMER, §5.1.1).
 *
 * <p>Black-hole detection (RFC 8899 §4.3): {@link #BLACK_HOLE_LOSS_THRESHOLD} packets larger than
 * the base lost with no packet at least as large acknowledged in between, or
 * {@link #BLACK_HOLE_PTO_THRESHOLD} consecutive probe timeouts of loss recovery, while the current
 * size is above the base, drop the size to the base; the search restarts below the size that
 * failed once a base-sized packet is acknowledged.
 *
 * <p>Sizes are UDP payload bytes. Time is passed in. Single-threaded, not thread-safe.
 */
public final class PathMtuDiscovery {

    /** RFC 9000 §14.3: BASE_PLPMTU (and MIN_PLPMTU) is QUIC's smallest maximum datagram size. */
    public static final int BASE_PLPMTU = 1200;
    /** RFC 9000 §14, §18.2: the largest UDP payload (max_udp_payload_size upper bound). */
    public static final int MAX_UDP_PAYLOAD = 65_527;
    /** RFC 8899 §5.1.2: MAX_PROBES, the probes of one size sent before it is declared failed. */
    public static final int MAX_PROBES = 3;
    /** The search stops when the largest confirmed and the smallest failed size are this close. */
    public static final int SEARCH_GRANULARITY_BYTES = 16;
    /** RFC 8899 §5.1.1: PMTU_RAISE_TIMER, 600 s. */
    public static final long DEFAULT_RAISE_INTERVAL_NANOS = 600_000_000_000L;
    /** Lost packets above the base, with no such packet acknowledged meanwhile, that mean a black hole. */
    public static final int BLACK_HOLE_LOSS_THRESHOLD = 3;
    /** Consecutive probe timeouts (RFC 9002 §6.2, pto_count) that mean a black hole. */
    public static final int BLACK_HOLE_PTO_THRESHOLD = 2;

    private static final long NO_PACKET = -1;

    /** RFC 8899 §5.2 states (ERROR omitted, see the class comment). */
    public enum State {
        DISABLED,
        BASE,
        SEARCHING,
        SEARCH_COMPLETE
    }

    private final int localMaxBytes;
    private final long raiseIntervalNanos;
    private int ceilingBytes;
    private State state = State.DISABLED;
    private boolean started;

    private int currentBytes = BASE_PLPMTU;
    /** Largest size confirmed by an acknowledged probe (or the current size). */
    private int searchLowBytes = BASE_PLPMTU;
    /** Smallest size known to fail, exclusive upper end of the search; ceiling + 1 when none. */
    private int searchHighBytes;
    private int candidateBytes;
    private int probesOfCandidate;
    private long probePacketNumber = NO_PACKET;
    private long raiseAtNanos = Long.MAX_VALUE;

    private int suspiciousLosses;
    private int smallestSuspiciousLossBytes = Integer.MAX_VALUE;

    private long probesSent;
    private long probesLost;
    private long blackHolesDetected;

    /**
     * @param localMaxBytes the largest UDP payload this endpoint is willing to send (1200..65527);
     *     1200 disables discovery
     */
    public PathMtuDiscovery(int localMaxBytes) {
        this(localMaxBytes, DEFAULT_RAISE_INTERVAL_NANOS);
    }

    /** As {@link #PathMtuDiscovery(int)} with another PMTU_RAISE_TIMER (tests, tuning). */
    public PathMtuDiscovery(int localMaxBytes, long raiseIntervalNanos) {
        if (localMaxBytes < BASE_PLPMTU || localMaxBytes > MAX_UDP_PAYLOAD) {
            throw new IllegalArgumentException("maximum UDP payload " + localMaxBytes + " not in 1200..65527");
        }
        if (raiseIntervalNanos <= 0) {
            throw new IllegalArgumentException("raise interval must be positive: " + raiseIntervalNanos);
        }
        this.localMaxBytes = localMaxBytes;
        this.raiseIntervalNanos = raiseIntervalNanos;
        this.ceilingBytes = localMaxBytes;
        this.searchHighBytes = localMaxBytes + 1;
    }

    /**
     * RFC 9000 §18.2: the peer's max_udp_payload_size caps the search (values above 65527 are
     * treated as 65527). Call before {@link #start} (the transport parameters arrive first).
     */
    public void onPeerMaxUdpPayloadSize(long peerMaxBytes) {
        int peer = (int) Math.max(BASE_PLPMTU, Math.min(MAX_UDP_PAYLOAD, peerMaxBytes));
        ceilingBytes = Math.min(localMaxBytes, peer);
        searchHighBytes = Math.min(searchHighBytes, ceilingBytes + 1);
        if (currentBytes > ceilingBytes) {
            currentBytes = Math.max(BASE_PLPMTU, ceilingBytes);
        }
    }

    /** RFC 9000 §14.3.1: the handshake is confirmed; the search starts (if the ceiling allows). */
    public void start(long nowNanos) {
        if (started) {
            return;
        }
        started = true;
        restartSearch(BASE_PLPMTU, ceilingBytes + 1);
    }

    /**
     * The active path changed (RFC 9000 §14: each path has its own PMTU): the size returns to the
     * base and, once started, the search begins again from scratch.
     */
    public void onPathChanged(long nowNanos) {
        currentBytes = BASE_PLPMTU;
        clearBlackHoleSuspicion();
        probePacketNumber = NO_PACKET;
        if (started) {
            restartSearch(BASE_PLPMTU, ceilingBytes + 1);
        }
    }

    private void restartSearch(int lowBytes, int highExclusiveBytes) {
        searchLowBytes = lowBytes;
        searchHighBytes = Math.min(highExclusiveBytes, ceilingBytes + 1);
        probesOfCandidate = 0;
        probePacketNumber = NO_PACKET;
        raiseAtNanos = Long.MAX_VALUE;
        if (searchHighBytes - searchLowBytes <= 1) {
            state = currentBytes == BASE_PLPMTU && ceilingBytes == BASE_PLPMTU ? State.DISABLED : State.SEARCH_COMPLETE;
            return;
        }
        state = State.SEARCHING;
        // The ceiling first (most paths carry it); below a size that failed, the midpoint.
        candidateBytes = searchHighBytes > ceilingBytes ? ceilingBytes
                : searchLowBytes + (searchHighBytes - searchLowBytes) / 2;
    }

    /**
     * The maximum datagram size to use now for every packet that is not a probe (RFC 9000 §14.2).
     * Also evaluates the pending black-hole suspicion and the raise timer, so call it before
     * building each datagram; a change must be passed on to congestion control (RFC 9002 §7.2).
     */
    public int maxDatagramSizeBytes(long nowNanos) {
        if (suspiciousLosses >= BLACK_HOLE_LOSS_THRESHOLD) {
            onBlackHole();
        }
        if (state == State.SEARCH_COMPLETE && nowNanos >= raiseAtNanos) {
            // RFC 8899 §5.2: PMTU_RAISE_TIMER expiry searches for a larger size again.
            restartSearch(currentBytes, ceilingBytes + 1);
        }
        return currentBytes;
    }

    /** The current maximum datagram size, without evaluating anything. */
    public int currentSizeBytes() {
        return currentBytes;
    }

    /** The size of the probe to send now, or 0 when none is due (one is outstanding, or no search). */
    public int probeSizeBytes() {
        return state == State.SEARCHING && probePacketNumber == NO_PACKET ? candidateBytes : 0;
    }

    /** A probe of {@link #probeSizeBytes()} went out as the 1-RTT packet {@code packetNumber}. */
    public void onProbeSent(long packetNumber, int sizeBytes) {
        if (state != State.SEARCHING || sizeBytes != candidateBytes) {
            throw new IllegalStateException("no probe of " + sizeBytes + " bytes is due (state " + state + ")");
        }
        probePacketNumber = packetNumber;
        probesOfCandidate++;
        probesSent++;
    }

    /** Whether the 1-RTT packet {@code packetNumber} is the outstanding probe. */
    public boolean isProbe(long packetNumber) {
        return packetNumber == probePacketNumber && packetNumber != NO_PACKET;
    }

    /** A 1-RTT packet of {@code sizeBytes} was acknowledged (a probe or any other packet). */
    public void onPacketAcknowledged(long packetNumber, int sizeBytes, long nowNanos) {
        if (isProbe(packetNumber)) {
            probePacketNumber = NO_PACKET;
            onProbeConfirmed(sizeBytes, nowNanos);
            return;
        }
        if (sizeBytes >= smallestSuspiciousLossBytes) {
            // A packet as large as the lost ones got through: the losses were not the path MTU.
            clearBlackHoleSuspicion();
        }
        if (state == State.BASE && sizeBytes <= BASE_PLPMTU) {
            // RFC 8899 §5.2: the base is confirmed; search again below the size that failed.
            restartSearch(BASE_PLPMTU, searchHighBytes);
        }
    }

    /**
     * A 1-RTT packet of {@code sizeBytes} was declared lost. A lost probe counts toward
     * {@link #MAX_PROBES} of its size; other losses of packets above the base feed black-hole
     * detection.
     */
    public void onPacketLost(long packetNumber, int sizeBytes, long nowNanos) {
        if (isProbe(packetNumber)) {
            probePacketNumber = NO_PACKET;
            probesLost++;
            if (probesOfCandidate >= MAX_PROBES) {
                // RFC 8899 §5.2: MAX_PROBES lost probes: this size does not fit the path.
                searchHighBytes = candidateBytes;
                nextCandidate(nowNanos);
            }
            return;
        }
        if (sizeBytes > BASE_PLPMTU && currentBytes > BASE_PLPMTU) {
            suspiciousLosses++;
            smallestSuspiciousLossBytes = Math.min(smallestSuspiciousLossBytes, sizeBytes);
        }
    }

    /**
     * Loss recovery's probe timer fired; {@code consecutiveProbeTimeouts} is its pto_count (reset
     * by any acknowledgment). Repeated timeouts with large packets in flight mean a black hole.
     */
    public void onProbeTimeout(int consecutiveProbeTimeouts) {
        if (consecutiveProbeTimeouts >= BLACK_HOLE_PTO_THRESHOLD && currentBytes > BASE_PLPMTU) {
            onBlackHole();
        }
    }

    private void onProbeConfirmed(int sizeBytes, long nowNanos) {
        if (sizeBytes > currentBytes && sizeBytes <= ceilingBytes) {
            currentBytes = sizeBytes;
        }
        if (state != State.SEARCHING) {
            return;
        }
        searchLowBytes = Math.max(searchLowBytes, sizeBytes);
        nextCandidate(nowNanos);
    }

    private void nextCandidate(long nowNanos) {
        probesOfCandidate = 0;
        if (searchHighBytes - searchLowBytes <= SEARCH_GRANULARITY_BYTES) {
            state = State.SEARCH_COMPLETE;
            // RFC 8899 §5.1.1: a search that stopped below the ceiling is tried again later.
            raiseAtNanos = searchLowBytes < ceilingBytes ? saturatingAdd(nowNanos, raiseIntervalNanos) : Long.MAX_VALUE;
            return;
        }
        candidateBytes = searchLowBytes + (searchHighBytes - searchLowBytes) / 2;
    }

    /** RFC 8899 §4.3: the current size no longer fits; fall back to the base. */
    private void onBlackHole() {
        clearBlackHoleSuspicion();
        if (currentBytes <= BASE_PLPMTU) {
            return;
        }
        blackHolesDetected++;
        searchHighBytes = currentBytes;
        currentBytes = BASE_PLPMTU;
        probePacketNumber = NO_PACKET;
        probesOfCandidate = 0;
        raiseAtNanos = Long.MAX_VALUE;
        state = State.BASE;
    }

    private void clearBlackHoleSuspicion() {
        suspiciousLosses = 0;
        smallestSuspiciousLossBytes = Integer.MAX_VALUE;
    }

    private static long saturatingAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    public State state() {
        return state;
    }

    /** min(local maximum, peer's max_udp_payload_size): the largest size searched. */
    public int ceilingBytes() {
        return ceilingBytes;
    }

    public long probesSent() {
        return probesSent;
    }

    public long probesLost() {
        return probesLost;
    }

    public long blackHolesDetected() {
        return blackHolesDetected;
    }
}
