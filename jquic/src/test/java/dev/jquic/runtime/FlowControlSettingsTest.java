package dev.jquic.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.QuicHandler;
import dev.jquic.TlsOptions;
import dev.jquic.core.stream.StreamLimits;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The builder's flowControl(connection, stream) windows reach the transport parameters. */
class FlowControlSettingsTest {

    private static final long MIB = 1 << 20;

    private static EndpointSettings settings(long connectionWindow, long streamWindow) {
        return new EndpointSettings("127.0.0.1", 0, List.of("test"), TlsOptions.defaults(), new QuicHandler() {
        }, Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ZERO, 0, 100, connectionWindow, streamWindow,
                1 << 20, false, false, 10, null, null, "cubic", null, 1, 1452,
                EndpointSettings.DEFAULT_SOCKET_BUFFER_BYTES, EndpointSettings.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS);
    }

    @Test
    void setWindowsBecomeTheInitialLimitsAndAutoTuningMayGrowAboveThem() {
        StreamLimits limits = Runtimes.connectionConfig(settings(16 * MIB, 8 * MIB)).streamLimits();
        assertEquals(16 * MIB, limits.initialMaxData());
        assertEquals(8 * MIB, limits.initialMaxStreamDataBidiLocal());
        assertEquals(8 * MIB, limits.initialMaxStreamDataBidiRemote());
        assertEquals(8 * MIB, limits.initialMaxStreamDataUni());
        assertEquals(StreamLimits.defaults().maxConnectionWindow(), limits.maxConnectionWindow());
        assertEquals(StreamLimits.defaults().maxStreamWindow(), limits.maxStreamWindow());
        // Windows above the auto-tuning ceilings raise the ceilings.
        StreamLimits large = Runtimes.connectionConfig(settings(64 * MIB, 32 * MIB)).streamLimits();
        assertEquals(64 * MIB, large.maxConnectionWindow());
        assertEquals(32 * MIB, large.maxStreamWindow());
    }

    @Test
    void zeroKeepsTheDefaults() {
        StreamLimits limits = Runtimes.connectionConfig(settings(0, 0)).streamLimits();
        StreamLimits defaults = StreamLimits.defaults();
        assertEquals(defaults.initialMaxData(), limits.initialMaxData());
        assertEquals(defaults.initialMaxStreamDataBidiLocal(), limits.initialMaxStreamDataBidiLocal());
        assertEquals(defaults.initialMaxStreamDataUni(), limits.initialMaxStreamDataUni());
        assertEquals(100, limits.initialMaxStreamsBidi());
    }

    @Test
    void outOfRangeWindowsAreRejectedWithTheirName() {
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> settings(-1, 0));
        assertTrue(negative.getMessage().contains("connection window"), negative.getMessage());
        IllegalArgumentException huge = assertThrows(IllegalArgumentException.class,
                () -> settings(0, EndpointSettings.MAX_WINDOW_BYTES + 1));
        assertTrue(huge.getMessage().contains("stream window"), huge.getMessage());
    }
}
