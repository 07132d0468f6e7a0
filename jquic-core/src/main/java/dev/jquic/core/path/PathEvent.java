package dev.jquic.core.path;

/**
 * What the {@link PathManager} tells the connection through {@link PathManager#pollEvent()}.
 */
public sealed interface PathEvent {

    /** RFC 9000 §8.2.3: a PATH_RESPONSE echoed one of our challenges; the path is validated. */
    record PathValidated(NetworkPath path) implements PathEvent {
    }

    /**
     * RFC 9000 §8.2.4: validation of {@code path} was abandoned (timer expired, or the path was evicted while
     * being validated). When {@code path} is still the {@link PathManager#activePath() active path} after this
     * event, no validated path remains; a server then validates the active path again (see
     * docs/compliance-exceptions.md, §9.3.2).
     */
    record PathValidationFailed(NetworkPath path) implements PathEvent {
    }

    /**
     * The connection must send non-probing packets on {@code newPath} from now on (RFC 9000 §9.2, §9.3,
     * §9.3.2 revert). When {@code resetCongestionControl} is true the congestion controller and RTT estimator
     * must be reset to initial values (RFC 9000 §9.4); it is false only when the addresses differ at most in
     * port, as decided by the manager's same-host predicate. Unpolled changes are merged (first old path to latest
     * new path), so {@code oldPath} may equal {@code newPath} after a switch and a revert.
     */
    record ActivePathChanged(NetworkPath oldPath, NetworkPath newPath, boolean resetCongestionControl)
            implements PathEvent {
    }
}
