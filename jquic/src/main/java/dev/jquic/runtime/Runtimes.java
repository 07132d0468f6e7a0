package dev.jquic.runtime;

import dev.jquic.QuicClient;
import dev.jquic.QuicServer;
import dev.jquic.core.connection.CongestionControl;
import dev.jquic.core.connection.ConnectionConfig;
import dev.jquic.core.stream.StreamLimits;

/**
 * Starts servers and clients for the public builders (internal: package {@code dev.jquic.runtime}
 * is not exported). Each server or client runs one event-loop thread ({@link EndpointLoop}).
 */
public final class Runtimes {

    private Runtimes() {
    }

    /**
     * Binds and starts a server.
     *
     * @throws dev.jquic.QuicException if the address cannot be bound or a PEM file cannot be read
     */
    public static QuicServer listen(EndpointSettings settings) {
        return new RuntimeServer(settings);
    }

    /** A ticket memory for servers (see {@link dev.jquic.SessionTickets#create()}). */
    public static dev.jquic.SessionTickets sessionTickets(int capacity) {
        return new ServerSessionTickets(capacity);
    }

    /**
     * Starts a client endpoint (its socket is bound at once); without {@code sessionResumption}
     * it keeps no session tickets.
     *
     * @throws dev.jquic.QuicException if no socket can be bound or the trusted certificates cannot be read
     */
    public static QuicClient client(EndpointSettings settings, boolean sessionResumption) {
        return new RuntimeClient(settings, sessionResumption);
    }

    /** The core connection configuration of {@code settings}. */
    static ConnectionConfig connectionConfig(EndpointSettings settings) {
        StreamLimits defaults = StreamLimits.defaults();
        long connectionWindow = settings.connectionWindowBytes() > 0 ? settings.connectionWindowBytes()
                : defaults.initialMaxData();
        long bidiLocalWindow = settings.streamWindowBytes() > 0 ? settings.streamWindowBytes()
                : defaults.initialMaxStreamDataBidiLocal();
        long bidiRemoteWindow = settings.streamWindowBytes() > 0 ? settings.streamWindowBytes()
                : defaults.initialMaxStreamDataBidiRemote();
        long uniWindow = settings.streamWindowBytes() > 0 ? settings.streamWindowBytes()
                : defaults.initialMaxStreamDataUni();
        long largestStreamWindow = Math.max(bidiLocalWindow, Math.max(bidiRemoteWindow, uniWindow));
        StreamLimits limits = new StreamLimits(connectionWindow, bidiLocalWindow, bidiRemoteWindow, uniWindow,
                settings.maxIncomingStreams(), settings.maxIncomingStreams(),
                Math.max(defaults.maxConnectionWindow(), connectionWindow),
                Math.max(defaults.maxStreamWindow(), largestStreamWindow),
                defaults.sendBufferBytesPerStream(), defaults.maxRangesPerStream());
        return ConnectionConfig.builder()
                .maxIdleTimeoutMillis(settings.idleTimeout().toMillis())
                .keepAliveIntervalMillis(settings.keepAliveInterval().toMillis())
                .maxDatagramFrameSize(settings.maxDatagramFrameSize())
                .maxDatagramSizeBytes(settings.maxUdpPayloadSize())
                .maxUdpPayloadSizeBytes(settings.maxUdpPayloadSize())
                .streamLimits(limits)
                .congestionControl(settings.congestionControl().equals("newreno") ? CongestionControl.NEW_RENO
                        : CongestionControl.CUBIC)
                .build();
    }
}
