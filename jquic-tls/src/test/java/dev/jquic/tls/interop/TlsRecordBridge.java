package dev.jquic.tls.interop;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.tls.TlsOutput;
import dev.jquic.core.tls.TlsSession;
import dev.jquic.core.types.EncryptionLevel;
import dev.jquic.tls.TlsAlert;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * Pumps a TLS 1.3 handshake between one of our {@link TlsSession}s (which, as QUIC wants, has no
 * record layer) and a JDK {@link SSLEngine} (which speaks TLS records), in memory, on the calling
 * thread. The bridge is the record layer for our side:
 *
 * <ul>
 *   <li>our CryptoData(INITIAL) becomes plaintext handshake records (content type 22), and the
 *       JDK's plaintext handshake records are fed to our session at INITIAL;</li>
 *   <li>our CryptoData(HANDSHAKE / ONE_RTT) becomes TLSCiphertext records protected with keys
 *       from the write secret our session output for that level ({@link RecordProtection});</li>
 *   <li>the JDK's protected records are decrypted with our session's current read secret and fed
 *       at that secret's level. Records are processed one at a time, draining our outputs in
 *       between, so a read secret takes effect exactly where TLS switches keys. A 1-RTT read
 *       secret takes effect once our session outputs HandshakeCompleted (our server derives it
 *       before the client's Finished, which is still protected with the handshake secret);</li>
 *   <li>ChangeCipherSpec records (type 20, middlebox compatibility, TLS 1.3 spec §5) are dropped;
 *       an alert from the JDK fails the test with its description.</li>
 * </ul>
 * Single-threaded; delegated SSLEngine tasks run inline.
 */
final class TlsRecordBridge {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final int MAX_ROUNDS = 200;

    private final TlsSession ours;
    private final SSLEngine jdk;
    private final Map<EncryptionLevel, RecordProtection> ourWriteProtection = new EnumMap<>(EncryptionLevel.class);
    private RecordProtection readProtection;
    private EncryptionLevel readLevel = EncryptionLevel.INITIAL;
    private TlsOutput.SecretsAvailable pendingOneRttRead;
    /** Record bytes from the JDK not yet split into records. */
    private final ByteArrayOutputStream fromJdk = new ByteArrayOutputStream();
    /** Record bytes for the JDK not yet consumed by its unwrap. */
    private ByteBuffer toJdk = ByteBuffer.allocate(0);
    private final ByteBuffer jdkApplicationIn;

    /** Everything our session output, in order. */
    final List<TlsOutput> ourOutputs = new ArrayList<>();
    /** Plaintext handshake bytes our session sent at INITIAL, one entry per CryptoData. */
    final List<byte[]> ourInitialData = new ArrayList<>();
    /** Decrypted handshake records the JDK sent after the handshake (e.g. NewSessionTicket). */
    final List<byte[]> jdkPostHandshakeMessages = new ArrayList<>();
    /** Application data the JDK sent, decrypted with our 1-RTT read secret. */
    final List<byte[]> applicationDataFromJdk = new ArrayList<>();
    int droppedChangeCipherSpecRecords;

    TlsRecordBridge(TlsSession ours, SSLEngine jdk) {
        this.ours = ours;
        this.jdk = jdk;
        this.jdkApplicationIn = ByteBuffer.allocate(jdk.getSession().getApplicationBufferSize() + 1024);
    }

    /**
     * Starts both sides and pumps until neither has more to say.
     *
     * @throws QuicProtocolException if our session fails (the JDK failing is an AssertionError)
     */
    TlsRecordBridge handshake() throws QuicProtocolException {
        ours.start();
        drainOurs();
        try {
            jdk.beginHandshake();
        } catch (SSLException e) {
            throw new AssertionError("JDK beginHandshake failed", e);
        }
        for (int round = 0; round < MAX_ROUNDS; round++) {
            boolean progress = stepJdk();
            progress |= feedJdkRecordsToOurs();
            if (!progress) {
                return this;
            }
        }
        throw new AssertionError("handshake did not settle after " + MAX_ROUNDS + " rounds");
    }

    /** Sends {@code data} from our side in one 1-RTT application-data record; returns what the JDK read. */
    byte[] sendApplicationDataToJdk(byte[] data) {
        RecordProtection protection = ourWriteProtection.get(EncryptionLevel.ONE_RTT);
        if (protection == null) {
            throw new AssertionError("our session output no 1-RTT write secret");
        }
        appendToJdk(protection.seal(RecordProtection.CONTENT_APPLICATION_DATA, data));
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        while (toJdk.hasRemaining()) {
            jdkApplicationIn.clear();
            SSLEngineResult result = unwrap();
            jdkApplicationIn.flip();
            received.write(jdkApplicationIn.array(), 0, jdkApplicationIn.remaining());
            runTasks();
            if (result.bytesConsumed() == 0) {
                break;
            }
        }
        return received.toByteArray();
    }

    /** Has the JDK send {@code data} as application data and feeds its records to our side. */
    void sendApplicationDataFromJdk(byte[] data) throws QuicProtocolException {
        ByteBuffer source = ByteBuffer.wrap(data);
        while (source.hasRemaining()) {
            wrap(source);
        }
        feedJdkRecordsToOurs();
    }

    /** One pass of the JDK's state machine: tasks, wraps and unwraps until it waits for input. */
    private boolean stepJdk() {
        boolean progress = false;
        for (int i = 0; i < MAX_ROUNDS; i++) {
            SSLEngineResult.HandshakeStatus status = jdk.getHandshakeStatus();
            if (status == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                runTasks();
                progress = true;
            } else if (status == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                SSLEngineResult result = wrap(EMPTY);
                progress = true;
                if (result.bytesProduced() == 0 && jdk.getHandshakeStatus() == status) {
                    return progress;
                }
            } else if (toJdk.hasRemaining()) {
                jdkApplicationIn.clear();
                SSLEngineResult result = unwrap();
                if (jdkApplicationIn.position() > 0) {
                    throw new AssertionError("the JDK received unexpected application data during the handshake");
                }
                if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW
                        || (result.bytesConsumed() == 0 && result.getHandshakeStatus()
                                == SSLEngineResult.HandshakeStatus.NEED_UNWRAP)) {
                    return progress;
                }
                progress = true;
            } else {
                return progress;
            }
        }
        throw new AssertionError("the JDK engine did not settle");
    }

    private void runTasks() {
        Runnable task;
        while ((task = jdk.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private SSLEngineResult wrap(ByteBuffer source) {
        ByteBuffer out = ByteBuffer.allocate(jdk.getSession().getPacketBufferSize() + 1024);
        SSLEngineResult result;
        try {
            result = jdk.wrap(source, out);
        } catch (SSLException e) {
            throw jdkFailure("the JDK failed the handshake", e);
        }
        out.flip();
        fromJdk.write(out.array(), 0, out.remaining());
        if (result.getStatus() != SSLEngineResult.Status.OK) {
            throw new AssertionError("JDK wrap: " + result + describeJdkOutput());
        }
        return result;
    }

    private SSLEngineResult unwrap() {
        try {
            return jdk.unwrap(toJdk, jdkApplicationIn);
        } catch (SSLException e) {
            throw jdkFailure("the JDK rejected our records", e);
        }
    }

    /** The failure, naming the alert the JDK sends for it (collected with one more wrap). */
    private AssertionError jdkFailure(String what, SSLException cause) {
        fromJdk.reset();
        try {
            ByteBuffer out = ByteBuffer.allocate(jdk.getSession().getPacketBufferSize() + 1024);
            jdk.wrap(EMPTY, out);
            out.flip();
            fromJdk.write(out.array(), 0, out.remaining());
        } catch (SSLException ignored) {
            // the cause below says enough
        }
        return new AssertionError(what + ": " + cause + describeJdkOutput(), cause);
    }

    /** Names the alert among the JDK's pending output records, decrypting with our read secret if needed. */
    private String describeJdkOutput() {
        byte[] bytes = fromJdk.toByteArray();
        int position = 0;
        while (bytes.length - position >= RecordProtection.HEADER_LENGTH) {
            int length = ((bytes[position + 3] & 0xff) << 8) | (bytes[position + 4] & 0xff);
            int end = Math.min(bytes.length, position + RecordProtection.HEADER_LENGTH + length);
            byte[] record = Arrays.copyOfRange(bytes, position, end);
            position = end;
            if (record[0] == RecordProtection.CONTENT_ALERT && record.length >= 7) {
                return "; JDK alert " + alertName(record[6] & 0xff);
            }
            if (record[0] == RecordProtection.CONTENT_APPLICATION_DATA && readProtection != null) {
                try {
                    RecordProtection.Opened opened = readProtection.open(record);
                    if (opened.contentType() == RecordProtection.CONTENT_ALERT && opened.content().length >= 2) {
                        return "; JDK alert " + alertName(opened.content()[1] & 0xff);
                    }
                } catch (AssertionError undecryptable) {
                    return "; JDK output not decryptable with our read secret";
                }
            }
        }
        return "";
    }

    /** Splits the JDK's output into records and feeds them to our session one at a time. */
    private boolean feedJdkRecordsToOurs() throws QuicProtocolException {
        byte[] bytes = fromJdk.toByteArray();
        int position = 0;
        boolean progress = false;
        while (bytes.length - position >= RecordProtection.HEADER_LENGTH) {
            int length = ((bytes[position + 3] & 0xff) << 8) | (bytes[position + 4] & 0xff);
            int end = position + RecordProtection.HEADER_LENGTH + length;
            if (end > bytes.length) {
                break;
            }
            byte[] record = Arrays.copyOfRange(bytes, position, end);
            position = end;
            progress = true;
            deliverToOurs(record);
        }
        fromJdk.reset();
        fromJdk.write(bytes, position, bytes.length - position);
        return progress;
    }

    private void deliverToOurs(byte[] record) throws QuicProtocolException {
        int type = record[0] & 0xff;
        byte[] body = Arrays.copyOfRange(record, RecordProtection.HEADER_LENGTH, record.length);
        switch (type) {
            case RecordProtection.CONTENT_CHANGE_CIPHER_SPEC -> droppedChangeCipherSpecRecords++;
            case RecordProtection.CONTENT_ALERT -> throw new AssertionError("the JDK sent alert "
                    + (body.length >= 2 ? alertName(body[1] & 0xff) : "(truncated)"));
            case RecordProtection.CONTENT_HANDSHAKE -> {
                if (readProtection != null) {
                    throw new AssertionError("the JDK sent a plaintext handshake record after keys changed");
                }
                ours.handleCryptoData(EncryptionLevel.INITIAL, ByteBuffer.wrap(body));
                drainOurs();
            }
            case RecordProtection.CONTENT_APPLICATION_DATA -> {
                if (readProtection == null) {
                    throw new AssertionError("the JDK sent a protected record before our session had a read secret");
                }
                RecordProtection.Opened opened = readProtection.open(record);
                switch (opened.contentType()) {
                    case RecordProtection.CONTENT_HANDSHAKE -> {
                        if (readLevel == EncryptionLevel.ONE_RTT) {
                            jdkPostHandshakeMessages.add(opened.content());
                        }
                        ours.handleCryptoData(readLevel, ByteBuffer.wrap(opened.content()));
                        drainOurs();
                    }
                    case RecordProtection.CONTENT_ALERT -> throw new AssertionError("the JDK sent alert "
                            + alertName(opened.content()[1] & 0xff));
                    case RecordProtection.CONTENT_APPLICATION_DATA -> applicationDataFromJdk.add(opened.content());
                    default -> throw new AssertionError("unexpected inner content type " + opened.contentType());
                }
            }
            default -> throw new AssertionError("unexpected record content type " + type);
        }
    }

    /** Takes our session's outputs: CRYPTO data becomes records for the JDK, secrets become keys. */
    private void drainOurs() {
        TlsOutput output;
        while ((output = ours.pollOutput()) != null) {
            ourOutputs.add(output);
            if (output instanceof TlsOutput.CryptoData crypto) {
                byte[] data = new byte[crypto.data().remaining()];
                crypto.data().duplicate().get(data);
                sendToJdk(crypto.level(), data);
            } else if (output instanceof TlsOutput.SecretsAvailable secrets) {
                if (secrets.writeSecret() != null) {
                    ourWriteProtection.put(secrets.level(), new RecordProtection(secrets.cipherSuite(),
                            secrets.writeSecret()));
                }
                if (secrets.readSecret() != null) {
                    if (secrets.level() == EncryptionLevel.ONE_RTT && !ours.isHandshakeComplete()) {
                        pendingOneRttRead = secrets;
                    } else {
                        useReadSecret(secrets);
                    }
                }
            } else if (output instanceof TlsOutput.HandshakeCompleted && pendingOneRttRead != null) {
                useReadSecret(pendingOneRttRead);
                pendingOneRttRead = null;
            }
        }
    }

    private void useReadSecret(TlsOutput.SecretsAvailable secrets) {
        readProtection = new RecordProtection(secrets.cipherSuite(), secrets.readSecret());
        readLevel = secrets.level();
    }

    private void sendToJdk(EncryptionLevel level, byte[] data) {
        ourInitialDataIfInitial(level, data);
        for (int offset = 0; offset < data.length; offset += RecordProtection.MAX_PLAINTEXT) {
            byte[] fragment = Arrays.copyOfRange(data, offset, Math.min(data.length,
                    offset + RecordProtection.MAX_PLAINTEXT));
            if (level == EncryptionLevel.INITIAL) {
                // TLS 1.3 spec §5.1: before keys exist, handshake messages go in TLSPlaintext records.
                byte[] header = RecordProtection.header(RecordProtection.CONTENT_HANDSHAKE, fragment.length);
                byte[] record = Arrays.copyOf(header, header.length + fragment.length);
                System.arraycopy(fragment, 0, record, header.length, fragment.length);
                appendToJdk(record);
            } else {
                RecordProtection protection = ourWriteProtection.get(level);
                if (protection == null) {
                    throw new AssertionError("our session sent CRYPTO data at " + level + " before its write secret");
                }
                appendToJdk(protection.seal(RecordProtection.CONTENT_HANDSHAKE, fragment));
            }
        }
    }

    private void ourInitialDataIfInitial(EncryptionLevel level, byte[] data) {
        if (level == EncryptionLevel.INITIAL) {
            ourInitialData.add(data.clone());
        }
    }

    private void appendToJdk(byte[] record) {
        ByteBuffer grown = ByteBuffer.allocate(toJdk.remaining() + record.length);
        grown.put(toJdk).put(record).flip();
        toJdk = grown;
    }

    private static String alertName(int code) {
        for (TlsAlert alert : TlsAlert.values()) {
            if (alert.code() == code) {
                return alert.name().toLowerCase() + " (" + code + ")";
            }
        }
        return "(" + code + ")";
    }
}
