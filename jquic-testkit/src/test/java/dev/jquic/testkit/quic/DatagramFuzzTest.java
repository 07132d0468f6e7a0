package dev.jquic.testkit.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jquic.core.connection.Connection;
import dev.jquic.core.connection.StatelessResetTokens;
import dev.jquic.core.endpoint.Endpoint;
import dev.jquic.core.endpoint.EndpointConfig;
import dev.jquic.core.path.NetworkPath;
import dev.jquic.testkit.net.Datagram;
import dev.jquic.testkit.net.SimulatedAddress;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * Coverage-guided fuzzing (Jazzer) of what arrives before any frame is read: whole datagrams
 * (headers, coalescing, header and packet protection, Retry and Version Negotiation packets) in
 * a simulated handshake and transfer, and at a server {@link Endpoint}. A genuine datagram is
 * replaced by the fuzzed bytes, or the fuzzed bytes are coalesced after it (RFC 9000 §12.2), or
 * they become the fields of a Retry with a valid integrity tag (RFC 9001 §5.8) or of a Version
 * Negotiation packet the client must check (RFC 9000 §6.2). Whatever the bytes, no exception
 * escapes and neither side closes with INTERNAL_ERROR, which is what {@link Connection} turns an
 * escaped RuntimeException into (DESIGN §7); an endpoint counts no connection failure.
 *
 * <p>{@code mvn verify} runs the inputs in {@code DatagramFuzzTestInputs/} (if any); fuzzing:
 * {@code JAZZER_FUZZ=1 mvn -pl jquic-testkit test -Dtest=DatagramFuzzTest#<method> -Djazzer.instrument=dev.jquic.**}.
 */
class DatagramFuzzTest {
    private static final int MAX_DATAGRAM = 1_500;

    private enum Mode {
        REPLACE,
        APPEND,
        RETRY,
        VERSION_NEGOTIATION
    }

    @FuzzTest(maxDuration = "5m")
    void arbitraryDatagramsInAConnectionNeverCauseAnInternalError(FuzzedDataProvider data) {
        Mode mode = data.pickValue(Mode.values());
        boolean toClient = mode == Mode.RETRY || mode == Mode.VERSION_NEGOTIATION || data.consumeBoolean();
        int target = mode == Mode.RETRY || mode == Mode.VERSION_NEGOTIATION ? 0 : data.consumeInt(0, 6);
        Scenario scenario = new Scenario(1, Scenario.delay(10), Scenario.config(), Scenario.config());
        byte[][] clientInitial = new byte[1][];
        scenario.network.intercept(Scenario.CLIENT, Scenario.SERVER, (datagram, sequence, now) -> {
            if (sequence == 0) {
                clientInitial[0] = datagram.payload();
            }
            return !toClient && sequence == target ? fuzzed(datagram, mode, data, null) : datagram;
        });
        scenario.network.intercept(Scenario.SERVER, Scenario.CLIENT, (datagram, sequence, now) ->
                toClient && sequence == target ? fuzzed(datagram, mode, data, clientInitial[0]) : datagram);
        ConnectionFrameFuzzTest.transferAndAssertNoInternalError(scenario);
    }

    @FuzzTest(maxDuration = "5m")
    void aServerEndpointHandlesArbitraryDatagrams(FuzzedDataProvider data) {
        boolean requireRetry = data.consumeBoolean();
        Endpoint endpoint = new Endpoint(EndpointConfig.builder()
                .server(Scenario.config(), Scenario.nullTlsServer())
                .statelessResetKey(new byte[32])
                .requireRetry(requireRetry)
                .build(), new SplittableRandom(7), 0);
        SimulatedAddress local = SimulatedAddress.of(2, 443);
        ByteBuffer out = ByteBuffer.allocate(65_536);
        long now = 0;
        byte[] genuineInitial = clientInitial(data.consumeLong());
        for (int datagram = 0; datagram < 4 && data.remainingBytes() > 0; datagram++) {
            SimulatedAddress from = SimulatedAddress.of(1 + data.consumeInt(0, 2), 40_000);
            byte[] bytes;
            if (data.consumeBoolean()) {
                bytes = data.consumeBytes(data.consumeInt(0, MAX_DATAGRAM));
            } else {
                // A genuine client Initial (it passes the size and header checks and opens with
                // the Initial keys) with fuzzed bytes written over part of it.
                bytes = genuineInitial.clone();
                int offset = data.consumeInt(0, bytes.length - 1);
                byte[] patch = data.consumeBytes(data.consumeInt(0, 64));
                System.arraycopy(patch, 0, bytes, offset, Math.min(patch.length, bytes.length - offset));
            }
            now += 1_000_000L * data.consumeInt(0, 100);
            endpoint.handleDatagram(ByteBuffer.wrap(bytes), local, from, now);
            for (int polls = 0; polls < 64; polls++) {
                out.clear();
                if (endpoint.pollTransmit(out, now) == 0) {
                    break;
                }
            }
        }
        assertEquals(0, endpoint.stats().connectionFailures(), "a connection threw: " + endpoint.stats());
    }

    /** The first datagram of a sans-IO client connection drawing its IDs from {@code seed}. */
    private static byte[] clientInitial(long seed) {
        Connection client = Connection.client(Scenario.config(), Scenario.nullTlsClient(),
                new NetworkPath(SimulatedAddress.of(1, 40_000), SimulatedAddress.of(2, 443)),
                new SplittableRandom(seed),
                new StatelessResetTokens(new byte[32]), 0);
        ByteBuffer out = ByteBuffer.allocate(65_536);
        int length = client.pollTransmit(out, 0);
        byte[] bytes = new byte[length];
        out.get(0, bytes);
        return bytes;
    }

    /** The datagram that replaces {@code genuine}, built from the fuzzer's bytes. */
    private static Datagram fuzzed(Datagram genuine, Mode mode, FuzzedDataProvider data, byte[] clientInitial) {
        byte[] bytes = data.consumeBytes(MAX_DATAGRAM);
        return switch (mode) {
            case REPLACE -> genuine.withPayload(bytes);
            case APPEND -> {
                byte[] coalesced = genuine.payload();
                byte[] joined = new byte[coalesced.length + bytes.length];
                System.arraycopy(coalesced, 0, joined, 0, coalesced.length);
                System.arraycopy(bytes, 0, joined, coalesced.length, bytes.length);
                yield genuine.withPayload(joined);
            }
            case RETRY -> genuine.withPayload(ForgedPackets.retry(clientInitial, bytes));
            case VERSION_NEGOTIATION -> genuine.withPayload(ForgedPackets.versionNegotiation(clientInitial, bytes));
        };
    }
}
