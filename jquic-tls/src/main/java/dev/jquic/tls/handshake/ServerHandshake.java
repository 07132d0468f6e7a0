package dev.jquic.tls.handshake;

import static dev.jquic.core.types.EncryptionLevel.HANDSHAKE;
import static dev.jquic.core.types.EncryptionLevel.INITIAL;
import static dev.jquic.core.types.EncryptionLevel.ONE_RTT;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.crypto.CipherSuite;
import dev.jquic.core.crypto.HashFunction;
import dev.jquic.core.tls.TlsOutput;
import dev.jquic.core.types.EncryptionLevel;
import dev.jquic.core.types.EndpointRole;
import dev.jquic.tls.ClientAuthentication;
import dev.jquic.tls.PeerCompatibility;
import dev.jquic.tls.TlsAlert;
import dev.jquic.tls.TlsServerConfig;
import dev.jquic.tls.cert.CertificateVerifySignatures;
import dev.jquic.tls.cert.Credentials;
import dev.jquic.tls.cert.SignatureScheme;
import dev.jquic.tls.keys.EphemeralKeyPair;
import dev.jquic.tls.keys.KeySchedule;
import dev.jquic.tls.keys.NamedGroup;
import dev.jquic.tls.message.AlpnExtension;
import dev.jquic.tls.message.Certificate;
import dev.jquic.tls.message.CertificateRequest;
import dev.jquic.tls.message.CertificateVerify;
import dev.jquic.tls.message.ClientHello;
import dev.jquic.tls.message.EarlyDataExtension;
import dev.jquic.tls.message.EarlyDataTicketExtension;
import dev.jquic.tls.message.EncryptedExtensions;
import dev.jquic.tls.message.Extension;
import dev.jquic.tls.message.ExtensionType;
import dev.jquic.tls.message.Extensions;
import dev.jquic.tls.message.Finished;
import dev.jquic.tls.message.HandshakeMessage;
import dev.jquic.tls.message.KeyShareClientExtension;
import dev.jquic.tls.message.KeyShareEntry;
import dev.jquic.tls.message.KeyShareHelloRetryExtension;
import dev.jquic.tls.message.KeyShareServerExtension;
import dev.jquic.tls.message.NewSessionTicket;
import dev.jquic.tls.message.Opaque;
import dev.jquic.tls.message.PreSharedKeyServerExtension;
import dev.jquic.tls.message.PskKeyExchangeModesExtension;
import dev.jquic.tls.message.QuicTransportParametersExtension;
import dev.jquic.core.tls.TransportParametersResponder;
import dev.jquic.tls.message.RawHandshakeMessage;
import dev.jquic.tls.message.ServerHello;
import dev.jquic.tls.message.ServerNameAcknowledgement;
import dev.jquic.tls.message.ServerNameExtension;
import dev.jquic.tls.message.SignatureAlgorithmsExtension;
import dev.jquic.tls.message.SupportedGroupsExtension;
import dev.jquic.tls.message.SupportedVersionsClientExtension;
import dev.jquic.tls.message.SupportedVersionsServerExtension;
import dev.jquic.tls.ticket.SessionTicketPolicy;
import dev.jquic.tls.ticket.StoredTicket;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The server side of the TLS 1.3 handshake for QUIC (TLS 1.3 spec §2, §4; RFC 9001 §4), driven
 * by {@link ServerState}. Create it with {@code dev.jquic.tls.QuicTls.server}. Not thread-safe.
 */
public final class ServerHandshake extends HandshakeDriver<ServerState> {
    private final TlsServerConfig config;
    private final TransportParametersResponder parametersResponder;
    private Opaque localTransportParameters;
    /** Whether the ClientHello advertised psk_dhe_ke, without which no ticket is issued. */
    private boolean clientAcceptsTickets;
    private CipherSuite retrySuite;
    private NamedGroup retryGroup;
    private CipherSuite suite;
    private KeySchedule schedule;
    private byte[] clientHandshakeSecret;
    private X509Certificate clientLeaf;
    private byte[] resumptionMasterSecret;
    private boolean complete;
    private StoredTicket acceptedTicket;
    private boolean earlyDataAccepted;
    private byte[] ticketApplicationContext = new byte[0];
    /** Set while {@link ServerState#SIGNING}. */
    private PendingSignature pendingSignature;

    /** @param localTransportParameters our encoded transport parameters (remaining bytes, copied) */
    public ServerHandshake(TlsServerConfig config, ByteBuffer localTransportParameters) {
        super(ServerState.WAIT_CLIENT_HELLO, ServerState.FAILED);
        this.config = config;
        this.localTransportParameters = Opaque.of(localTransportParameters);
        this.parametersResponder = null;
    }

    /**
     * @param parametersResponder computes our transport parameters from the client's once the
     *     ClientHello is accepted (RFC 9368 compatible version negotiation)
     */
    public ServerHandshake(TlsServerConfig config, TransportParametersResponder parametersResponder) {
        super(ServerState.WAIT_CLIENT_HELLO, ServerState.FAILED);
        this.config = config;
        this.parametersResponder = parametersResponder;
    }

    /**
     * TLS 1.3 spec §7.1: the resumption_master_secret (a copy), known once the handshake is
     * complete, else {@code null}; the PSKs of the tickets we issue derive from it (§4.6.1).
     */
    byte[] resumptionMasterSecret() {
        return resumptionMasterSecret == null ? null : resumptionMasterSecret.clone();
    }

    @Override
    public boolean isHandshakeComplete() {
        return complete;
    }

    /** Whether the handshake resumed a session with one of our tickets (TLS 1.3 spec §2.2). */
    public boolean isResumed() {
        return acceptedTicket != null;
    }

    /** Whether 0-RTT was accepted (RFC 9001 §4.6.2). */
    public boolean isEarlyDataAccepted() {
        return earlyDataAccepted;
    }

    /**
     * The application context stored with the accepted ticket (e.g. the transport parameters that
     * bound 0-RTT, RFC 9000 §7.4.1), or {@code null} when the handshake did not resume.
     */
    public byte[] acceptedTicketApplicationContext() {
        return acceptedTicket == null ? null : acceptedTicket.applicationContext();
    }

    /**
     * Sets the opaque application context stored with the tickets this session issues after the
     * handshake (RFC 9000 §7.4.1: what 0-RTT on a resumed connection must remember); default empty.
     */
    public void setTicketApplicationContext(byte[] context) {
        this.ticketApplicationContext = context.clone();
    }

    /** The client's certificate leaf once verified, or {@code null}. */
    public X509Certificate peerCertificate() {
        return clientLeaf;
    }

    /** The negotiated cipher suite, or {@code null} before ServerHello. */
    public CipherSuite cipherSuite() {
        return suite;
    }

    /** RFC 9001 §4.1: a server waits for the client's Initial; starting does nothing. */
    @Override
    void onStart() {
    }

    @Override
    void onMessage(RawHandshakeMessage raw, HandshakeMessage message) throws QuicProtocolException {
        switch (state()) {
            case WAIT_CLIENT_HELLO, WAIT_SECOND_CLIENT_HELLO -> onClientHello(raw, (ClientHello) message);
            case WAIT_CLIENT_CERTIFICATE -> onCertificate(raw, (Certificate) message);
            case WAIT_CLIENT_CERTIFICATE_VERIFY -> onCertificateVerify(raw, (CertificateVerify) message);
            case WAIT_CLIENT_FINISHED -> onFinished(raw, (Finished) message);
            default -> throw new IllegalStateException("no handler in " + state());
        }
    }

    private void onClientHello(RawHandshakeMessage raw, ClientHello hello) throws QuicProtocolException {
        Extensions extensions = hello.extensions();
        clientAcceptsTickets = extensions.find(PskKeyExchangeModesExtension.class)
                .map(modes -> modes.modes().contains(PskKeyExchangeModesExtension.PSK_DHE_KE))
                .orElse(false);
        // RFC 9001 §8.4: a non-empty legacy_session_id MAY be treated as PROTOCOL_VIOLATION
        // (accepted and echoed only with PeerCompatibility.TLS_OVER_TCP_TESTING).
        if (hello.legacySessionId().length() != 0 && config.peerCompatibility() == PeerCompatibility.QUIC) {
            throw new QuicProtocolException(TransportError.PROTOCOL_VIOLATION,
                    "ClientHello legacy_session_id is not empty (RFC 9001 §8.4)");
        }
        SupportedVersionsClientExtension versions =
                extensions.find(SupportedVersionsClientExtension.class).orElse(null);
        // TLS 1.3 spec §4.2.1: TLS 1.3 must be offered in supported_versions, else protocol_version.
        if (versions == null || !versions.versions().contains(HandshakeRules.TLS13)) {
            throw TlsAlert.PROTOCOL_VERSION.exception("client does not offer TLS 1.3");
        }
        // TLS 1.3 spec §4.1.2: legacy_compression_methods MUST be exactly {null}.
        if (!hello.legacyCompressionMethods().equals(ClientHello.NULL_COMPRESSION)) {
            throw TlsAlert.ILLEGAL_PARAMETER.exception("compression methods other than {null}");
        }
        QuicTransportParametersExtension parameters =
                extensions.find(QuicTransportParametersExtension.class).orElse(null);
        // RFC 9001 §8.2: quic_transport_parameters missing → missing_extension (not with TLS_OVER_TCP_TESTING).
        if (parameters == null && config.peerCompatibility() == PeerCompatibility.QUIC) {
            throw TlsAlert.MISSING_EXTENSION.exception("ClientHello lacks quic_transport_parameters");
        }
        String protocol = selectApplicationProtocol(extensions.find(AlpnExtension.class).orElse(null));
        SignatureAlgorithmsExtension signatureAlgorithms =
                extensions.find(SignatureAlgorithmsExtension.class).orElse(null);
        SupportedGroupsExtension supportedGroups = extensions.find(SupportedGroupsExtension.class).orElse(null);
        KeyShareClientExtension keyShares = extensions.find(KeyShareClientExtension.class).orElse(null);
        // TLS 1.3 spec §9.2: without a PSK, signature_algorithms, supported_groups and key_share are required.
        if (signatureAlgorithms == null || supportedGroups == null || keyShares == null) {
            throw TlsAlert.MISSING_EXTENSION.exception(
                    "ClientHello lacks signature_algorithms, supported_groups or key_share");
        }
        checkKeyShares(keyShares, supportedGroups);
        CipherSuite chosenSuite = selectCipherSuite(hello.cipherSuites());
        ServerNameExtension sni = extensions.find(ServerNameExtension.class).orElse(null);
        if (state() == ServerState.WAIT_SECOND_CLIENT_HELLO) {
            checkSecondHello(keyShares, chosenSuite);
        }
        KeyShareEntry share = selectShare(keyShares);
        if (share == null) {
            if (extensions.contains(ExtensionType.EARLY_DATA)) {
                // TLS 1.3 spec §4.2.10: a HelloRetryRequest rejects 0-RTT.
                emit(new TlsOutput.EarlyDataOutcome(false));
            }
            sendHelloRetryRequest(raw, hello, chosenSuite, selectRetryGroup(supportedGroups));
            return;
        }
        applicationProtocol = protocol;
        peerTransportParameters = parameters == null ? null : parameters.parameters();
        if (parametersResponder != null) {
            ByteBuffer clientParameters = peerTransportParameters == null
                    ? ByteBuffer.allocate(0) : peerTransportParameters.asReadOnlyBuffer();
            localTransportParameters = Opaque.of(parametersResponder.respond(clientParameters));
        }
        serverName = sni == null ? null : sni.hostName();
        ServerPskSelection.Accepted psk = ServerPskSelection.select(hello, raw, transcript, chosenSuite, protocol,
                serverName, config.sessionTickets(), config.clock().millis(), retrySuite != null);
        boolean resumed = psk != null;
        // TLS 1.3 spec §2.2: a resumed handshake authenticates by the PSK, without Certificate.
        Credentials credentials = resumed ? null : config.credentials().select(serverName);
        // TLS 1.3 spec §4.4.2.2: the certificate must fit the client's signature_algorithms.
        SignatureScheme scheme = resumed ? null : credentials.selectScheme(signatureAlgorithms.schemes());
        NamedGroup group = NamedGroup.fromCode(share.group()).orElseThrow();
        EphemeralKeyPair pair = group.generateKeyPair(config.random());
        byte[] sharedSecret = pair.sharedSecret(share.keyExchange().toByteArray());
        suite = chosenSuite;
        HashFunction hash = suite.hash();
        transcript.selectHash(hash);
        transcript.add(raw.raw());
        schedule = resumed ? psk.schedule() : KeySchedule.withoutPsk(hash);
        if (resumed) {
            acceptedTicket = psk.ticket();
            earlyDataAccepted = psk.earlyDataAccepted();
        }
        if (earlyDataAccepted) {
            // RFC 9001 §4.6.1: the server reads 0-RTT with client_early_traffic_secret.
            emitSecrets(EncryptionLevel.ZERO_RTT, suite, null,
                    schedule.clientEarlyTrafficSecret(transcript.currentHash()));
        }
        if (hello.extensions().contains(ExtensionType.EARLY_DATA)) {
            emit(new TlsOutput.EarlyDataOutcome(earlyDataAccepted));
        }
        ServerHello serverHello = serverHello(hello, new KeyShareServerExtension(
                new KeyShareEntry(group.code(), Opaque.of(pair.keyShare()))), randomBytes(),
                resumed ? new PreSharedKeyServerExtension(psk.index()) : null);
        byte[] serverHelloBytes = serverHello.toByteArray();
        transcript.add(serverHelloBytes);
        schedule.deriveHandshakeSecret(sharedSecret);
        byte[] helloHash = transcript.currentHash();
        clientHandshakeSecret = schedule.clientHandshakeTrafficSecret(helloHash);
        byte[] serverHandshakeSecret = schedule.serverHandshakeTrafficSecret(helloHash);
        // TLS 1.3 spec §4.3.2: no CertificateRequest when authenticating with a resumption PSK.
        boolean requestCertificate = !resumed && config.clientAuthentication() != ClientAuthentication.NONE;
        ServerState afterFlight = requestCertificate ? ServerState.WAIT_CLIENT_CERTIFICATE
                : ServerState.WAIT_CLIENT_FINISHED;
        boolean deferSignature = !resumed && config.deferSigning();
        moveTo(deferSignature ? ServerState.SIGNING : afterFlight);
        emit(new TlsOutput.CryptoData(INITIAL, ByteBuffer.wrap(serverHelloBytes)));
        emitSecrets(HANDSHAKE, suite, serverHandshakeSecret, clientHandshakeSecret);

        ByteArrayOutputStream flight = new ByteArrayOutputStream();
        List<Extension> encrypted = new ArrayList<>();
        encrypted.add(new AlpnExtension(List.of(HandshakeRules.protocolBytes(protocol))));
        encrypted.add(new QuicTransportParametersExtension(localTransportParameters));
        if (sni != null) {
            // RFC 6066 §3: a server that used the name replies with an empty server_name.
            encrypted.add(new ServerNameAcknowledgement());
        }
        if (earlyDataAccepted) {
            // TLS 1.3 spec §4.2.10: early_data in EncryptedExtensions accepts 0-RTT.
            encrypted.add(new EarlyDataExtension());
        }
        append(flight, new EncryptedExtensions(new Extensions(encrypted)));
        if (requestCertificate) {
            append(flight, new CertificateRequest(Opaque.EMPTY, Extensions.of(
                    new SignatureAlgorithmsExtension(HandshakeRules.codes(config.signatureSchemes())))));
        }
        if (!resumed) {
            append(flight, HandshakeRules.certificate(Opaque.EMPTY, credentials));
        }
        if (deferSignature) {
            // Queued now; the connection sends the flight once it is whole.
            emit(new TlsOutput.CryptoData(HANDSHAKE, ByteBuffer.wrap(flight.toByteArray())));
            pendingSignature = new PendingSignature(scheme, serverHandshakeSecret, afterFlight);
            byte[] signedHash = transcript.currentHash();
            PrivateKey key = credentials.privateKey();
            SecureRandom random = config.random();
            emit(new TlsOutput.DeferredWork(() -> signUnchecked(scheme, key, signedHash, random)));
            return;
        }
        if (!resumed) {
            append(flight, HandshakeRules.certificateVerify(scheme, credentials.privateKey(), EndpointRole.SERVER,
                    transcript.currentHash(), config.random()));
        }
        finishFlight(flight, serverHandshakeSecret);
    }

    /** What the flight's end needs once the deferred signature arrives. */
    private record PendingSignature(SignatureScheme scheme, byte[] serverHandshakeSecret, ServerState next) {
    }

    /** TLS 1.3 spec §4.4.3, run by the session's owner on any thread: touches no session state. */
    private static byte[] signUnchecked(SignatureScheme scheme, PrivateKey key, byte[] transcriptHash,
            SecureRandom random) {
        try {
            return CertificateVerifySignatures.sign(scheme, key, EndpointRole.SERVER, transcriptHash, random);
        } catch (QuicProtocolException failure) {
            throw new IllegalStateException(failure.reason(), failure);
        }
    }

    @Override
    void onDeferredWorkDone(byte[] signature) throws QuicProtocolException {
        PendingSignature pending = pendingSignature;
        if (pending == null || state() != ServerState.SIGNING) {
            throw TlsAlert.INTERNAL_ERROR.exception("no signature was asked for in state " + state());
        }
        if (signature == null) {
            throw TlsAlert.INTERNAL_ERROR.exception("signing the CertificateVerify with "
                    + pending.scheme().tlsName() + " failed");
        }
        pendingSignature = null;
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        append(rest, new CertificateVerify(pending.scheme().code(), Opaque.of(signature)));
        moveTo(pending.next());
        finishFlight(rest, pending.serverHandshakeSecret());
    }

    /** Appends Finished (TLS 1.3 spec §4.4.4), queues the flight and releases the 1-RTT secrets. */
    private void finishFlight(ByteArrayOutputStream flight, byte[] serverHandshakeSecret) {
        HashFunction hash = suite.hash();
        append(flight, new Finished(Opaque.of(
                KeySchedule.finishedVerifyData(hash, serverHandshakeSecret, transcript.currentHash()))));
        schedule.deriveMasterSecret();
        byte[] serverFinishedHash = transcript.currentHash();
        byte[] clientApplicationSecret = schedule.clientApplicationTrafficSecret(serverFinishedHash);
        byte[] serverApplicationSecret = schedule.serverApplicationTrafficSecret(serverFinishedHash);
        emit(new TlsOutput.CryptoData(HANDSHAKE, ByteBuffer.wrap(flight.toByteArray())));
        emitSecrets(ONE_RTT, suite, serverApplicationSecret, clientApplicationSecret);
    }

    /** RFC 9001 §8.1 and RFC 7301 §3.2: our most preferred protocol the client offers. */
    private String selectApplicationProtocol(AlpnExtension alpn) throws QuicProtocolException {
        // RFC 9001 §8.1: without a negotiated application protocol → no_application_protocol.
        if (alpn == null) {
            throw TlsAlert.NO_APPLICATION_PROTOCOL.exception("ClientHello has no ALPN extension");
        }
        for (String protocol : config.applicationProtocols()) {
            if (alpn.protocols().contains(HandshakeRules.protocolBytes(protocol))) {
                return protocol;
            }
        }
        throw TlsAlert.NO_APPLICATION_PROTOCOL.exception("no common application protocol; client offered "
                + alpn.protocols().stream().map(HandshakeRules::protocolName).toList());
    }

    /** TLS 1.3 spec §4.2.8: one share per group, each in supported_groups (else illegal_parameter). */
    private static void checkKeyShares(KeyShareClientExtension keyShares, SupportedGroupsExtension supported)
            throws QuicProtocolException {
        Set<Integer> seen = new HashSet<>();
        for (KeyShareEntry entry : keyShares.shares()) {
            // TLS 1.3 spec §4.2.8: clients MUST NOT offer multiple shares for the same group.
            if (!seen.add(entry.group())) {
                throw TlsAlert.ILLEGAL_PARAMETER.exception(String.format("two key shares for group 0x%04x",
                        entry.group()));
            }
            // TLS 1.3 spec §4.2.8: clients MUST NOT offer shares for groups not in supported_groups.
            if (!supported.groups().contains(entry.group())) {
                throw TlsAlert.ILLEGAL_PARAMETER.exception(String.format(
                        "key share for group 0x%04x that supported_groups does not list", entry.group()));
            }
        }
    }

    /** TLS 1.3 spec §4.1.1: the server picks its most preferred suite the client offers. */
    private CipherSuite selectCipherSuite(List<Integer> offered) throws QuicProtocolException {
        for (CipherSuite candidate : config.cipherSuites()) {
            if (offered.contains(candidate.code())) {
                return candidate;
            }
        }
        throw TlsAlert.HANDSHAKE_FAILURE.exception("no common cipher suite");
    }

    /** Our most preferred group for which the client sent a share, or {@code null}. */
    private KeyShareEntry selectShare(KeyShareClientExtension keyShares) {
        for (NamedGroup group : config.groups()) {
            for (KeyShareEntry entry : keyShares.shares()) {
                if (entry.group() == group.code()) {
                    return entry;
                }
            }
        }
        return null;
    }

    /** TLS 1.3 spec §4.1.1: no common group → handshake_failure; else our most preferred one. */
    private NamedGroup selectRetryGroup(SupportedGroupsExtension supported) throws QuicProtocolException {
        for (NamedGroup group : config.groups()) {
            if (supported.groups().contains(group.code())) {
                return group;
            }
        }
        throw TlsAlert.HANDSHAKE_FAILURE.exception("no common key exchange group");
    }

    private void checkSecondHello(KeyShareClientExtension keyShares, CipherSuite chosenSuite)
            throws QuicProtocolException {
        // TLS 1.3 spec §4.1.4: the second ClientHello must lead to the HelloRetryRequest's cipher suite.
        if (chosenSuite != retrySuite) {
            throw TlsAlert.ILLEGAL_PARAMETER.exception("second ClientHello changes the cipher suite");
        }
        // TLS 1.3 spec §4.2.8: after HelloRetryRequest the key_share holds exactly the selected group.
        if (keyShares.shares().size() != 1 || keyShares.shares().get(0).group() != retryGroup.code()) {
            throw TlsAlert.ILLEGAL_PARAMETER.exception("second ClientHello key_share is not exactly " + retryGroup);
        }
    }

    private void sendHelloRetryRequest(RawHandshakeMessage raw, ClientHello hello, CipherSuite chosenSuite,
            NamedGroup group) throws QuicProtocolException {
        // TLS 1.3 spec §4.1.4: at most one HelloRetryRequest (the second hello is checked above).
        retrySuite = chosenSuite;
        retryGroup = group;
        transcript.selectHash(chosenSuite.hash());
        transcript.add(raw.raw());
        // TLS 1.3 spec §4.4.1: ClientHello1 becomes message_hash before the HelloRetryRequest.
        transcript.replaceClientHelloWithMessageHash();
        // TLS 1.3 spec §4.1.3: legacy_session_id_echo repeats the client's (always empty in QUIC).
        ServerHello retry = new ServerHello(ClientHello.LEGACY_VERSION, ServerHello.HELLO_RETRY_REQUEST_RANDOM,
                hello.legacySessionId(), chosenSuite.code(), 0, Extensions.of(
                        new SupportedVersionsServerExtension(HandshakeRules.TLS13),
                        new KeyShareHelloRetryExtension(group.code())));
        moveTo(ServerState.WAIT_SECOND_CLIENT_HELLO);
        send(INITIAL, retry.toByteArray());
    }

    private ServerHello serverHello(ClientHello hello, KeyShareServerExtension share, Opaque random,
            PreSharedKeyServerExtension pskOrNull) {
        Extensions extensions = pskOrNull == null
                ? Extensions.of(new SupportedVersionsServerExtension(HandshakeRules.TLS13), share)
                : Extensions.of(new SupportedVersionsServerExtension(HandshakeRules.TLS13), share, pskOrNull);
        return new ServerHello(ClientHello.LEGACY_VERSION, random, hello.legacySessionId(), suite.code(), 0,
                extensions);
    }

    private Opaque randomBytes() {
        byte[] random = new byte[32];
        config.random().nextBytes(random);
        return Opaque.of(random);
    }

    private void onCertificate(RawHandshakeMessage raw, Certificate certificate) throws QuicProtocolException {
        // TLS 1.3 spec §4.4.2: the context echoes the CertificateRequest's (empty).
        if (certificate.requestContext().length() != 0) {
            throw TlsAlert.ILLEGAL_PARAMETER.exception("client Certificate context does not match the request");
        }
        if (certificate.entries().isEmpty()) {
            // TLS 1.3 spec §4.4.2.4: a server requiring a certificate MAY abort with certificate_required.
            if (config.clientAuthentication() == ClientAuthentication.REQUIRED) {
                throw TlsAlert.CERTIFICATE_REQUIRED.exception("client sent no certificate");
            }
            transcript.add(raw.raw());
            moveTo(ServerState.WAIT_CLIENT_FINISHED);
            return;
        }
        List<X509Certificate> chain = HandshakeRules.chain(certificate);
        config.clientCertificateVerifier().verify(chain, null);
        clientLeaf = chain.get(0);
        transcript.add(raw.raw());
        moveTo(ServerState.WAIT_CLIENT_CERTIFICATE_VERIFY);
    }

    private void onCertificateVerify(RawHandshakeMessage raw, CertificateVerify verify) throws QuicProtocolException {
        // TLS 1.3 spec §4.4.3: the signature covers the transcript up to the client Certificate.
        CertificateVerifySignatures.verify(verify.signatureScheme(), config.signatureSchemes(),
                clientLeaf.getPublicKey(), EndpointRole.CLIENT, transcript.currentHash(),
                verify.signature().toByteArray());
        transcript.add(raw.raw());
        moveTo(ServerState.WAIT_CLIENT_FINISHED);
    }

    private void onFinished(RawHandshakeMessage raw, Finished finished) throws QuicProtocolException {
        // TLS 1.3 spec §4.4.4: a Finished that does not verify → decrypt_error.
        if (!KeySchedule.verifyFinished(suite.hash(), clientHandshakeSecret, transcript.currentHash(),
                finished.verifyData().toByteArray())) {
            throw TlsAlert.DECRYPT_ERROR.exception("client Finished does not verify");
        }
        transcript.add(raw.raw());
        // TLS 1.3 spec §4.6.1: the tickets issued below derive their PSK from this secret.
        resumptionMasterSecret = schedule.resumptionMasterSecret(transcript.currentHash());
        moveTo(ServerState.CONNECTED);
        complete = true;
        emit(new TlsOutput.HandshakeCompleted());
        issueTickets();
    }

    /** TLS 1.3 spec §4.6.1, RFC 9001 §4.6.1: NewSessionTicket(s) at 1-RTT after the handshake. */
    private void issueTickets() {
        SessionTicketPolicy policy = config.sessionTickets();
        // TLS 1.3 spec §4.2.9: no tickets the client's psk_key_exchange_modes cannot use; we
        // resume only with psk_dhe_ke.
        if (policy.ticketsPerConnection() == 0 || !clientAcceptsTickets) {
            return;
        }
        long nowMillis = config.clock().millis();
        long lifetimeSeconds = policy.lifetime().getSeconds();
        boolean earlyData = policy.earlyDataEnabled();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < policy.ticketsPerConnection(); i++) {
            byte[] nonce = {(byte) i};
            byte[] identity = new byte[32];
            config.random().nextBytes(identity);
            long ageAdd = config.random().nextInt() & 0xFFFF_FFFFL;
            byte[] psk = KeySchedule.pskFromTicket(suite.hash(), resumptionMasterSecret, nonce);
            policy.store().put(identity, new StoredTicket(psk, suite, applicationProtocol, serverName, ageAdd,
                    nowMillis, lifetimeSeconds, earlyData, ticketApplicationContext), nowMillis);
            // RFC 9001 §4.6.1: a ticket allowing 0-RTT carries max_early_data_size 0xffffffff.
            Extensions extensions = earlyData
                    ? Extensions.of(new EarlyDataTicketExtension(EarlyDataTicketExtension.QUIC_MAX_EARLY_DATA_SIZE))
                    : Extensions.EMPTY;
            out.writeBytes(new NewSessionTicket(lifetimeSeconds, ageAdd, Opaque.of(nonce), Opaque.of(identity),
                    extensions).toByteArray());
        }
        emit(new TlsOutput.CryptoData(ONE_RTT, ByteBuffer.wrap(out.toByteArray())));
    }

    private void append(ByteArrayOutputStream flight, HandshakeMessage message) {
        byte[] bytes = message.toByteArray();
        transcript.add(bytes);
        flight.writeBytes(bytes);
    }
}
