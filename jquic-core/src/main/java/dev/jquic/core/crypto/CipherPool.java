package dev.jquic.core.crypto;

import java.security.GeneralSecurityException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Cipher;

/**
 * Recycles the JCA ciphers of ended connections for new ones, so that an endpoint opening many
 * connections stops calling {@link Cipher#getInstance(String)}: a connection needs about a dozen
 * ciphers (AEAD and header protection for each direction of its Initial, Handshake and 1-RTT
 * keys, and the next 1-RTT read keys, RFC 9001 §5 and §6.3). Measured on JDK 17 (2-core
 * development machine): a new AES-GCM and AES-ECB pair through the JCA's provider look-up took
 * about 8 µs once compiled (34 µs before), a recycled pair initialised with new keys about 3 µs;
 * and {@code Cipher.getInstance} was the largest single C2 compilation of a
 * connection-per-request benchmark's warm-up (about 0.9 s of compiler time in each JVM, W4 in
 * {@code jquic-bench}).
 *
 * <p>Each connection takes its ciphers through its own {@link Lease}; {@link Lease#release()}
 * hands them all back when the connection is gone. A pool keeps at most
 * {@code capacityPerTransformation} idle ciphers of each transformation and lets the rest go.
 *
 * <p>Not thread-safe: the endpoint's one thread owns the pool and every lease.
 */
public final class CipherPool {

    /** Idle ciphers kept per transformation unless the endpoint says otherwise. */
    public static final int DEFAULT_CAPACITY_PER_TRANSFORMATION = 64;

    private final int capacityPerTransformation;
    private final CipherSource factory;
    private final Map<String, ArrayDeque<Cipher>> idle = new HashMap<>();
    private long created;
    private long reused;

    /** A pool whose new ciphers come from the JCA. */
    public CipherPool(int capacityPerTransformation) {
        this(capacityPerTransformation, CipherSource.JCA);
    }

    /** A pool whose new ciphers come from {@code factory} (tests count them). */
    CipherPool(int capacityPerTransformation, CipherSource factory) {
        if (capacityPerTransformation < 0) {
            throw new IllegalArgumentException("negative capacity: " + capacityPerTransformation);
        }
        this.capacityPerTransformation = capacityPerTransformation;
        this.factory = factory;
    }

    /** A new lease for one connection. */
    public Lease lease() {
        return new Lease();
    }

    /** Ciphers this pool had to create. */
    public long created() {
        return created;
    }

    /** Ciphers this pool handed out again after a lease released them. */
    public long reused() {
        return reused;
    }

    /** Idle ciphers of {@code transformation} waiting for a new owner. */
    public int idle(String transformation) {
        ArrayDeque<Cipher> queue = idle.get(transformation);
        return queue == null ? 0 : queue.size();
    }

    private Cipher take(String transformation) throws GeneralSecurityException {
        ArrayDeque<Cipher> queue = idle.get(transformation);
        Cipher cipher = queue == null ? null : queue.pollLast();
        if (cipher != null) {
            reused++;
            return cipher;
        }
        cipher = factory.cipher(transformation);
        created++;
        return cipher;
    }

    private void give(String transformation, Cipher cipher) {
        ArrayDeque<Cipher> queue = idle.computeIfAbsent(transformation, t -> new ArrayDeque<>());
        if (queue.size() < capacityPerTransformation) {
            queue.addLast(cipher);
        }
    }

    /**
     * The ciphers one connection took from the pool. After {@link #release()} the lease hands out
     * fresh JCA ciphers that never return to the pool: a released lease belongs to a connection
     * that must not run any more, and whatever it still does stays its own.
     */
    public final class Lease implements CipherSource {
        private String[] transformations = new String[16];
        private Cipher[] ciphers = new Cipher[16];
        private int count;
        private boolean released;

        private Lease() {
        }

        @Override
        public Cipher cipher(String transformation) throws GeneralSecurityException {
            if (released) {
                return factory.cipher(transformation);
            }
            Cipher cipher = take(transformation);
            if (count == ciphers.length) {
                transformations = Arrays.copyOf(transformations, count * 2);
                ciphers = Arrays.copyOf(ciphers, count * 2);
            }
            transformations[count] = transformation;
            ciphers[count] = cipher;
            count++;
            return cipher;
        }

        /** Ciphers taken through this lease and not yet released. */
        public int held() {
            return count;
        }

        /**
         * Hands every cipher taken through this lease back to the pool. Called once the
         * connection that used them has ended and will protect or open no more packets; later
         * calls do nothing.
         */
        public void release() {
            if (released) {
                return;
            }
            released = true;
            for (int i = 0; i < count; i++) {
                give(transformations[i], ciphers[i]);
                transformations[i] = null;
                ciphers[i] = null;
            }
            count = 0;
        }
    }
}
