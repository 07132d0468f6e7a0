package dev.jquic.testkit.net;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One UDP-like datagram on the simulated network. The payload is copied in at construction and
 * copied out by {@link #payload()}, so a datagram is immutable; equality is by content.
 *
 * @param source      where it was sent from
 * @param destination where it is going
 * @param payload     its bytes (copied)
 */
public record Datagram(SimulatedAddress source, SimulatedAddress destination, byte[] payload) {

    /** Copies the payload. */
    public Datagram {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        payload = payload.clone();
    }

    /** A copy of the payload. */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The payload length in bytes. */
    public int length() {
        return payload.length;
    }

    /** The payload byte at {@code index}, without copying the payload. */
    public byte byteAt(int index) {
        return payload[index];
    }

    /** The same addresses with another payload (copied). */
    public Datagram withPayload(byte[] newPayload) {
        return new Datagram(source, destination, newPayload);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Datagram that
                && source.equals(that.source)
                && destination.equals(that.destination)
                && Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, destination) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        int shown = Math.min(payload.length, 16);
        return "Datagram[" + source + " -> " + destination + ", " + payload.length + " bytes: "
                + HexFormat.of().formatHex(payload, 0, shown) + (shown < payload.length ? "..." : "") + "]";
    }
}
