package dev.jquic.tls.keys;

import dev.jquic.core.crypto.HashFunction;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The running transcript hash of a TLS 1.3 handshake (TLS 1.3 spec §4.4.1): the hash of the
 * concatenation of every handshake message, each with its 4-byte header, as sent on the wire.
 *
 * <p>The hash function is only fixed once the cipher suite is known (ServerHello or
 * HelloRetryRequest). Until {@link #selectHash} is called, every message is hashed with both
 * SHA-256 and SHA-384, so {@link #currentHash(HashFunction)} already works for either (the
 * client needs that for PSK binders, whose hash is the PSK's). After selection only the chosen
 * digest is kept.
 *
 * <p>Snapshots ({@link #currentHash()}) clone the running digest and do not disturb it. Not
 * thread-safe.
 */
public final class TranscriptHash {
    /** §4.4.1: the handshake type of the synthetic message_hash message. */
    public static final int MESSAGE_HASH_TYPE = 254;

    private MessageDigest sha256;
    private MessageDigest sha384;
    private HashFunction selected;

    /** An empty transcript whose hash function is not chosen yet. */
    public TranscriptHash() {
        this.sha256 = newDigest(HashFunction.SHA256);
        this.sha384 = newDigest(HashFunction.SHA384);
    }

    /** An empty transcript that uses {@code hash} from the start. */
    public static TranscriptHash withHash(HashFunction hash) {
        TranscriptHash transcript = new TranscriptHash();
        transcript.selectHash(hash);
        return transcript;
    }

    /** Appends raw handshake message bytes (whole messages including the 4-byte headers). */
    public void add(byte[] handshakeBytes) {
        add(handshakeBytes, 0, handshakeBytes.length);
    }

    /** Appends {@code length} raw handshake message bytes of {@code bytes} from {@code offset}. */
    public void add(byte[] bytes, int offset, int length) {
        if (sha256 != null) {
            sha256.update(bytes, offset, length);
        }
        if (sha384 != null) {
            sha384.update(bytes, offset, length);
        }
    }

    /**
     * Appends the remaining bytes of {@code handshakeBytes} (whole messages including their
     * headers); the buffer's position is not changed.
     */
    public void add(ByteBuffer handshakeBytes) {
        if (sha256 != null) {
            sha256.update(handshakeBytes.duplicate());
        }
        if (sha384 != null) {
            sha384.update(handshakeBytes.duplicate());
        }
    }

    /**
     * Fixes the hash function (the negotiated cipher suite's). Idempotent for the same hash.
     *
     * @throws IllegalStateException if a different hash was already selected
     */
    public void selectHash(HashFunction hash) {
        if (selected != null) {
            if (selected != hash) {
                throw new IllegalStateException("transcript hash already " + selected + ", not " + hash);
            }
            return;
        }
        selected = hash;
        if (hash == HashFunction.SHA256) {
            sha384 = null;
        } else {
            sha256 = null;
        }
    }

    /** Whether {@link #selectHash} was called. */
    public boolean isHashSelected() {
        return selected != null;
    }

    /**
     * The selected hash function.
     *
     * @throws IllegalStateException if none is selected yet
     */
    public HashFunction hash() {
        if (selected == null) {
            throw new IllegalStateException("transcript hash function not selected yet");
        }
        return selected;
    }

    /**
     * Transcript-Hash of all messages so far with the selected hash; the running state is
     * not disturbed.
     *
     * @throws IllegalStateException if no hash is selected yet
     */
    public byte[] currentHash() {
        return currentHash(hash());
    }

    /**
     * Transcript-Hash of all messages so far with {@code hash}, which must be the selected one
     * if a hash was selected.
     */
    public byte[] currentHash(HashFunction hash) {
        return snapshot(hash).digest();
    }

    /**
     * §4.2.11.2: the hash of the transcript so far followed by {@code partialClientHello}, the
     * ClientHello up to and including the PreSharedKeyExtension.identities field (without the
     * binders list). This is the context of the PSK binders; the transcript itself is not
     * changed. With HelloRetryRequest the transcript holds message_hash(ClientHello1) and the
     * HelloRetryRequest, as §4.2.11.2 requires for the second ClientHello.
     *
     * @param hash the hash of the PSK (must equal the selected hash if one is selected)
     */
    public byte[] hashWithPartialClientHello(HashFunction hash, byte[] partialClientHello) {
        MessageDigest digest = snapshot(hash);
        digest.update(partialClientHello);
        return digest.digest();
    }

    /**
     * §4.4.1: on HelloRetryRequest, replaces ClientHello1 by the synthetic handshake message
     * message_hash = 254 || 00 00 Hash.length || Hash(ClientHello1). Call this when the
     * transcript holds exactly ClientHello1, before adding the HelloRetryRequest; the hash must
     * be selected (HelloRetryRequest fixes the cipher suite).
     *
     * @throws IllegalStateException if no hash is selected yet
     */
    public void replaceClientHelloWithMessageHash() {
        HashFunction hash = hash();
        byte[] clientHelloHash = currentHash(hash);
        MessageDigest digest = newDigest(hash);
        digest.update(new byte[] {(byte) MESSAGE_HASH_TYPE, 0, 0, (byte) hash.length()});
        digest.update(clientHelloHash);
        if (hash == HashFunction.SHA256) {
            sha256 = digest;
        } else {
            sha384 = digest;
        }
    }

    private MessageDigest snapshot(HashFunction hash) {
        if (selected != null && selected != hash) {
            throw new IllegalStateException("transcript hash is " + selected + ", not " + hash);
        }
        MessageDigest running = hash == HashFunction.SHA256 ? sha256 : sha384;
        try {
            return (MessageDigest) running.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("MessageDigest not cloneable", e);
        }
    }

    /** The JCA name of the message digest behind {@code hash}. */
    static String digestAlgorithm(HashFunction hash) {
        return hash == HashFunction.SHA256 ? "SHA-256" : "SHA-384";
    }

    static MessageDigest newDigest(HashFunction hash) {
        try {
            return MessageDigest.getInstance(digestAlgorithm(hash));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + digestAlgorithm(hash), e);
        }
    }
}
