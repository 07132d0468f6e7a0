package dev.jquic.core.path;

import dev.jquic.core.frame.PathChallengeFrame;
import dev.jquic.core.frame.PathResponseFrame;

/** Moves path frames between two managers as a lossless network would. */
final class PathExchange {

    private PathExchange() {
    }

    /** Delivers every frame {@code from} wants to send now to {@code to}; returns how many. */
    static int deliver(PathManager from, PathManager to, long nowNanos) {
        int count = 0;
        PendingPathFrame pending;
        while ((pending = from.pollFrame(nowNanos)) != null) {
            NetworkPath arrivedOn = TestAddress.mirror(pending.path());
            from.onDatagramSent(pending.path(), PathManager.MIN_PROBING_DATAGRAM_SIZE);
            to.onDatagramReceived(arrivedOn, PathManager.MIN_PROBING_DATAGRAM_SIZE);
            if (pending.frame() instanceof PathChallengeFrame challenge) {
                to.onPathChallenge(arrivedOn, challenge);
            } else {
                to.onPathResponse(arrivedOn, (PathResponseFrame) pending.frame(), nowNanos);
            }
            count++;
        }
        return count;
    }
}
