package dev.jquic.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Facts about Netty QUIC 4.2.18 (quiche 0.29.3) that the interop cases work around (issue #6),
 * checked against the peer itself so that an upgrade that changes them shows up here.
 */
class NettyPeerFactsTest {

    private static final long RESPONSE_BYTES = 3_000;

    @TempDir
    Path directory;

    /**
     * Netty's {@code QuicheQuicChannel.connectionSend} re-arms quiche's timer before it clears its
     * re-entrance guard. When the timer is already due there, {@code TimeoutHandler.scheduleTimeout}
     * runs it at once: quiche's {@code on_timeout} declares the packet lost and queues its frames,
     * and the {@code connectionSend} that should send them returns at the guard. With nothing in
     * flight, quiche has no timer left but the idle timeout, so the lost data waits for the
     * client's next datagram. A client with nothing to send does not send one: the last failures
     * of {@code NettyServerCasesTest}'s {@code handshakeloss} before {@link NettyTimerRace} (seeds
     * 43060 and 44028: in quiche's qlog, the loss 50 µs after an ACK-only packet it sent in answer
     * to a read, then 30 s of silence). Found by reading the bytecode of {@code
     * QuicheQuicChannel.connectionSend} and {@code QuicheQuicChannel$TimeoutHandler}.
     *
     * <p>{@link LossTimerRaceRelay} makes the timer expire while the event loop is blocked. The
     * same download runs three times: without a datagram read before the timer task (quiche
     * resends at the end of the stall), with one (quiche waits for the client), and with one and
     * the guard (quiche resends at the end of the stall again).
     */
    @Test
    void quicheResendsLostDataOnlyAfterTheClientsNextDatagramWhenItsLossTimerExpiresDuringARead()
            throws Exception {
        long stallNanos = TimeUnit.MILLISECONDS.toNanos(LossTimerRaceRelay.STALL_MILLIS);
        LossTimerRaceRelay.Outcome timerRunsAlone = download(false, false);
        assertNotNull(timerRunsAlone.resendNanos(), "the resent part of the response: " + timerRunsAlone);
        assertTrue(timerRunsAlone.resendNanos() > 0 && timerRunsAlone.resendNanos() < stallNanos,
                "without the read, quiche resends as soon as its loop runs the expired timer: " + timerRunsAlone);

        LossTimerRaceRelay.Outcome readFirst = download(true, false);
        assertTrue(readFirst.copySent(), "the relay sent its copy during the stall: " + readFirst);
        assertNotNull(readFirst.resendNanos(), "the resent part of the response: " + readFirst);
        assertNotNull(readFirst.clientDatagramNanos(), "a client datagram after the stall: " + readFirst);
        assertTrue(readFirst.resendNanos() > readFirst.clientDatagramNanos(),
                "Netty 4.2.18 swallowed the send of a timer run from connectionSend; it resent on its own "
                        + "now: NettyTimerRace may go. " + readFirst);

        LossTimerRaceRelay.Outcome guarded = download(true, true);
        assertTrue(guarded.copySent(), "the relay sent its copy during the stall: " + guarded);
        assertNotNull(guarded.resendNanos(), "the resent part of the response: " + guarded);
        assertTrue(guarded.resendNanos() > 0
                        && guarded.resendNanos() <= TimeUnit.MILLISECONDS.toNanos(2 * NettyTimerRace.PERIOD_MILLIS)
                        && (guarded.clientDatagramNanos() == null
                                || guarded.resendNanos() < guarded.clientDatagramNanos()),
                "with NettyTimerRace, quiche resends within its period of the stall's end: " + guarded);
    }

    /** One download of {@link #RESPONSE_BYTES} through the relay; the download itself must succeed. */
    private LossTimerRaceRelay.Outcome download(boolean readDuringStall, boolean guardTimerRace) throws Exception {
        try (NettyPeer peer = new NettyPeer()) {
            peer.guardTimerRace = guardTimerRace;
            var server = peer.startServer(directory, false, 100);
            try (LossTimerRaceRelay relay = new LossTimerRaceRelay(server, peer.group.next(), readDuringStall)) {
                JquicDownloadClient client = new JquicDownloadClient();
                client.limit = Duration.ofSeconds(10);
                JquicDownloadClient.Result result = client.run(relay.address(), RESPONSE_BYTES);
                assertEquals(1, result.filesVerified(), "the download");
                LossTimerRaceRelay.Outcome outcome = relay.outcome();
                assertTrue(outcome.dropped() && outcome.stalled(), "the relay dropped and stalled: " + outcome);
                return outcome;
            }
        }
    }
}
