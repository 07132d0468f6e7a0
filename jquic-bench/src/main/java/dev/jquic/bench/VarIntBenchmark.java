package dev.jquic.bench;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.codec.VarInt;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;
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

/** Encode + decode of a mix of varint sizes (RFC 9000 §16). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class VarIntBenchmark {
    private static final long[] VALUES = {37, 15_293, 494_878_333, 151_288_809_941_952_652L};
    private final ByteBuffer buffer = ByteBuffer.allocate(64);

    @Setup
    public void setUp() {
        buffer.clear();
    }

    @Benchmark
    public long encodeDecodeFour() throws QuicProtocolException {
        buffer.clear();
        for (long value : VALUES) {
            VarInt.write(buffer, value);
        }
        buffer.flip();
        WireReader reader = new WireReader(buffer, TransportError.FRAME_ENCODING_ERROR);
        long sum = 0;
        while (reader.hasRemaining()) {
            sum += reader.readVarInt();
        }
        return sum;
    }
}
