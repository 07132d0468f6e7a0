package dev.jquic.core.crypto;

import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.Version;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The Initial secrets of a connection (RFC 9001 §5.2; RFC 9369 §3.3.1):
 * initial_secret = HKDF-Extract(initial_salt, client_dst_connection_id), then
 * client_initial_secret = HKDF-Expand-Label(initial_secret, "client in", "", 32) and
 * server_initial_secret likewise with "server in". Initial packets use
 * {@link CipherSuite#TLS_AES_128_GCM_SHA256}.
 *
 * <p>The arrays are copied on the way in and out.
 */
public record InitialSecrets(Version version, byte[] clientSecret, byte[] serverSecret) {
    /** RFC 9001 §5.2: the QUIC v1 initial salt. */
    private static final byte[] SALT_V1 = HexFormat.of().parseHex("38762cf7f55934b34d179ae6a4c80cadccbb7f0a");
    /** RFC 9369 §3.3.1: the QUIC v2 initial salt. */
    private static final byte[] SALT_V2 = HexFormat.of().parseHex("0dede3def700a6db819381be6e269dcbf9bd2ed9");
    /** RFC 9001 §5.2: Initial packets use AEAD_AES_128_GCM with SHA-256. */
    public static final CipherSuite CIPHER_SUITE = CipherSuite.TLS_AES_128_GCM_SHA256;

    public InitialSecrets {
        clientSecret = clientSecret.clone();
        serverSecret = serverSecret.clone();
    }

    /**
     * Derives the Initial secrets from the Destination Connection ID of the client's first
     * Initial packet.
     *
     * @throws IllegalArgumentException if {@code version} is not QUIC v1 or v2
     */
    public static InitialSecrets derive(Version version, ConnectionId clientDestinationConnectionId) {
        byte[] salt;
        if (Version.V1.equals(version)) {
            salt = SALT_V1;
        } else if (Version.V2.equals(version)) {
            salt = SALT_V2;
        } else {
            throw new IllegalArgumentException("no initial salt for " + version);
        }
        HashFunction hash = CIPHER_SUITE.hash();
        byte[] initialSecret = Hkdf.extract(hash, salt, clientDestinationConnectionId.toByteArray());
        byte[] client = Hkdf.expandLabel(hash, initialSecret, "client in", new byte[0], hash.length());
        byte[] server = Hkdf.expandLabel(hash, initialSecret, "server in", new byte[0], hash.length());
        Arrays.fill(initialSecret, (byte) 0);
        return new InitialSecrets(version, client, server);
    }

    @Override
    public byte[] clientSecret() {
        return clientSecret.clone();
    }

    @Override
    public byte[] serverSecret() {
        return serverSecret.clone();
    }

    /** Packet protection of packets the client sends (the server opens them with this too). */
    public PacketProtection clientProtection() {
        return clientProtection(CipherSource.JCA);
    }

    /** Packet protection of packets the server sends. */
    public PacketProtection serverProtection() {
        return serverProtection(CipherSource.JCA);
    }

    /** As {@link #clientProtection()}, with ciphers from {@code ciphers}. */
    public PacketProtection clientProtection(CipherSource ciphers) {
        return PacketProtection.create(CIPHER_SUITE, version, clientSecret, ciphers);
    }

    /** As {@link #serverProtection()}, with ciphers from {@code ciphers}. */
    public PacketProtection serverProtection(CipherSource ciphers) {
        return PacketProtection.create(CIPHER_SUITE, version, serverSecret, ciphers);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof InitialSecrets that
                && version.equals(that.version)
                && Arrays.equals(clientSecret, that.clientSecret)
                && Arrays.equals(serverSecret, that.serverSecret);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * version.hashCode() + Arrays.hashCode(clientSecret)) + Arrays.hashCode(serverSecret);
    }

    /** Does not print the secrets. */
    @Override
    public String toString() {
        return "InitialSecrets[" + version + "]";
    }
}
