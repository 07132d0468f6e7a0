package dev.jquic.bench;

import dev.jquic.core.crypto.CipherSuite;
import dev.jquic.core.crypto.PacketProtection;
import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What an allocation-free AES-128-GCM would cost (issue 7: ≤ 100 B allocated per packet). One
 * operation = one 1,200-byte 1-RTT packet's payload (1,184 B, 20 B of header as associated data)
 * sealed in place: {@code jdk} as jquic does it ({@link PacketProtection#seal}: the JDK's AES-GCM,
 * re-initialised per packet, which allocates inside the provider), {@code tableGcm} with
 * {@link TableGcm} (the JDK's AES block cipher for the key stream, GHASH in plain Java). Run with
 * {@code -prof gc} to see both the time and the bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GcmAllocationBenchmark {
    private static final int HEADER = 20;
    private static final int PAYLOAD = 1184;

    private PacketProtection protection;
    private TableGcm tableGcm;
    private final byte[] packet = new byte[HEADER + PAYLOAD + CipherSuite.TAG_LENGTH];
    private final ByteBuffer packetBuffer = ByteBuffer.wrap(packet);
    private final byte[] nonce = new byte[12];
    private long packetNumber;

    @Setup
    public void setUp() {
        byte[] secret = new byte[CipherSuite.TLS_AES_128_GCM_SHA256.hash().length()];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = (byte) (i * 31 + 7);
        }
        protection = PacketProtection.create(CipherSuite.TLS_AES_128_GCM_SHA256, Version.V1, secret);
        byte[] key = new byte[16];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i * 17 + 3);
        }
        tableGcm = new TableGcm(key, PAYLOAD);
    }

    @Benchmark
    public int jdk() {
        return protection.seal(packetBuffer, 0, HEADER, HEADER + PAYLOAD, packetNumber++);
    }

    @Benchmark
    public int tableGcm() throws GeneralSecurityException {
        long pn = packetNumber++;
        for (int i = 0; i < 8; i++) {
            nonce[11 - i] = (byte) (pn >>> (8 * i));
        }
        return tableGcm.seal(nonce, packet, 0, HEADER, HEADER, PAYLOAD);
    }
}
