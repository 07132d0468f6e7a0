package dev.jquic.core.path;

import dev.jquic.core.frame.Frame;
import java.util.Objects;

/**
 * A PATH_CHALLENGE or PATH_RESPONSE frame that the connection must send on {@code path}
 * (RFC 9000 §8.2). A datagram carrying it must be expanded to
 * {@link PathManager#MIN_PROBING_DATAGRAM_SIZE} bytes unless the path's
 * {@link PathManager#sendAllowance anti-amplification allowance} forbids it (§8.2.1, §8.2.2).
 *
 * @param path the path to send on
 * @param frame a {@link dev.jquic.core.frame.PathChallengeFrame} or {@link dev.jquic.core.frame.PathResponseFrame}
 */
public record PendingPathFrame(NetworkPath path, Frame frame) {

    public PendingPathFrame {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(frame, "frame");
    }
}
