package dev.jquic.core.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;

/**
 * Where packet protection gets its JCA {@link Cipher} objects: {@link #JCA} asks the JCA for a
 * new one every time; an endpoint hands each connection a {@link CipherPool.Lease} instead, which
 * recycles the ciphers of connections that have ended.
 *
 * <p>Every cipher obtained here is initialised by its new owner before use (packet protection
 * initialises its AEAD with key and nonce for every packet, RFC 9001 §5.3, and its header
 * protection cipher with its own key, §5.4), so a recycled cipher carries nothing over.
 */
@FunctionalInterface
public interface CipherSource {

    /** A new cipher from the JCA for every request. */
    CipherSource JCA = Cipher::getInstance;

    /**
     * A cipher for {@code transformation} (e.g. {@code "AES/GCM/NoPadding"}), not initialised
     * for its new owner yet.
     */
    Cipher cipher(String transformation) throws GeneralSecurityException;
}
