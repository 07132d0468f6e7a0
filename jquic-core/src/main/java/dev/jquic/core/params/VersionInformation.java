package dev.jquic.core.params;

import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * The version_information transport parameter (0x11) of RFC 9368 §3:
 *
 * <pre>
 * Version Information {
 *   Chosen Version (32),
 *   Available Versions (32) ...,
 * }
 * </pre>
 *
 * RFC 9368 §4: no version in it may be zero. Available versions may be empty in a server's
 * parameters; a client's list includes its chosen version (checked when decoding).
 *
 * @param chosenVersion the version of the packets that carried the handshake
 * @param availableVersions the versions the sender supports, in the sender's order (immutable)
 */
public record VersionInformation(Version chosenVersion, List<Version> availableVersions) {

    /** @throws IllegalArgumentException if a version is zero */
    public VersionInformation {
        Objects.requireNonNull(chosenVersion, "chosenVersion");
        availableVersions = List.copyOf(availableVersions);
        // RFC 9368 §4: a Chosen Version or Available Version equal to zero is a parsing failure.
        if (chosenVersion.value() == 0) {
            throw new IllegalArgumentException("chosen version must not be zero");
        }
        for (Version version : availableVersions) {
            if (version.value() == 0) {
                throw new IllegalArgumentException("available versions must not contain zero");
            }
        }
    }

    /** Bytes of the encoded value (without the parameter's id and length). */
    public int encodedLength() {
        return 4 * (1 + availableVersions.size());
    }

    /** Writes the value (without the parameter's id and length). */
    public void encode(ByteBuffer out) {
        out.putInt(chosenVersion.value());
        for (Version version : availableVersions) {
            out.putInt(version.value());
        }
    }
}
