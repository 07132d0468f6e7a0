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
import dev.jquic.tls.PeerCompatibility;
import dev.jquic.tls.TlsAlert;
import dev.jquic.tls.TlsClientConfig;
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
import dev.jquic.tls.message.CookieExtension;
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
import dev.jquic.tls.message.PreSharedKeyClientExtension;
import dev.jquic.tls.message.PreSharedKeyServerExtension;
import dev.jquic.tls.message.PskIdentity;
import dev.jquic.tls.message.PskKeyExchangeModesExtension;
import dev.jquic.tls.message.QuicTransportParametersExtension;
import dev.jquic.tls.message.RawHandshakeMessage;
import dev.jquic.tls.message.ServerHello;
import dev.jquic.tls.message.ServerNameExtension;
import dev.jquic.tls.message.SignatureAlgorithmsExtension;
import dev.jquic.tls.message.SupportedGroupsExtension;
import dev.jquic.tls.message.SupportedVersionsClientExtension;
import dev.jquic.tls.message.SupportedVersionsServerExtension;
import dev.jquic.tls.ticket.ClientTicket;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The client side of the TLS 1.3 handshake for QUIC (TLS 1.3 spec §2, §4; RFC 9001 §4), driven
 * by {@link ClientState}. Create it with {@code dev.jquic.tls.QuicTls.client}. Not thread-safe.
 */
public final class ClientHandshake extends HandshakeDriver<ClientState> {
    private final TlsClientConfig config;
    private final String sniHostName;
    private final String expectedHost;
    private final Opaque localTransportParameters;
    private final Map<NamedGroup, EphemeralKeyPair> keyPairs = new LinkedHashMap<>();
    private final Set<Integer> offeredExtensions = new HashSet<>();
    private byte[] random;
    private CipherSuite retrySuite;
    private CipherSuite suite;
    private KeySchedule schedule;
    private byte[] clientHandshakeSecret;
    private byte[] serverHandshakeSecret;
    private CertificateRequest certificateRequest;
    private X509Certificate serverLeaf;
    private byte[] resumptionMasterSecret;
    private boolean complete;
    private final ClientTicket ticket;
    /** The ticket offered in the current ClientHello, or {@code null} (TLS 1.3 spec §4.2.11). */
    private ClientTicket offeredTicket;
    private KeySchedule pskSchedule;
    /** Whether the current ClientHello carries early_data (TLS 1.3 spec §4.2.10). */
    private boolean earlyDataOffered;
    /** Whether the 0-RTT secret was handed out (then an EarlyDataOutcome follows). */
    private boolean earlyDataAttempted;
    private boolean earlyDataAccepted;
    private boolean resumed;

    /**
     * @param sniHostNameOrNull the DNS name sent in server_name (never an IP literal, RFC 6066 §3)
     * @param expectedHostOrNull the name or IP literal the server certificate must match
     * @param localTransportParameters our encoded transport parameters (remaining bytes, copied)
     */
    public ClientHandshake(TlsClientConfig config, String sniHostNameOrNull, String expectedHostOrNull,
            ByteBuffer localTransportParameters) {
        this(config, sniHostNameOrNull, expectedHostOrNull, localTransportParameters, null);
    }

    /**
     * A client that offers {@code ticketOrNull} for resumption (TLS 1.3 spec §2.2), and 0-RTT when
     * the ticket and {@link TlsClientConfig#earlyDataEnabled()} allow it. A ticket that has expired
     * or whose cipher suite, ALPN or SNI does not fit this connection is not offered.
     */
    public ClientHandshake(TlsClientConfig config, String sniHostNameOrNull, String expectedHostOrNull,
            ByteBuffer localTransportParameters, ClientTicket ticketOrNull) {
        super(ClientState.START, ClientState.FAILED);
        this.ticket = ticketOrNull;
        this.config = config;
        this.sniHostName = sniHostNameOrNull;
        this.expectedHost = expectedHostOrNull;
        this.localTransportParameters = Opaque.of(localTransportParameters);
        if (sniHostNameOrNull != null) {
            // Fails fast (IllegalArgumentException) for a name server_name cannot carry.
            new ServerNameExtension(sniHostNameOrNull);
        }
        this.serverName = sniHostNameOrNull;
    }

    /**
     * TLS 1.3 spec §7.1: the resumption_master_secret (a copy), known once the handshake is
     * complete, else {@code null}; the PSKs of received tickets derive from it (§4.6.1).
     */
    byte[] resumptionMasterSecret() {
        return resumptionMasterSecret == null ? null : resumptionMasterSecret.clone();
    }

    @Override
    public boolean isHandshakeComplete() {
        return complete;
    }

    /** Whether the server accepted our ticket's PSK (a resumed handshake, TLS 1.3 spec §2.2). */
    public boolean isResumed() {
        return resumed;
    }

    /** Whether 0-RTT was attempted: the ZERO_RTT write secret was output (RFC 9001 §4.6.1). */
    public boolean isEarlyDataAttempted() {
        return earlyDataAttempted;
    }

    /** Whether the server accepted 0-RTT (known after EncryptedExtensions, RFC 9001 §4.6.2). */
    public boolean isEarlyDataAccepted() {
        return earlyDataAccepted;
    }

    /** The peer's certificate chain leaf, once verified, or {@code null}. */
    public X509Certificate peerCertificate() {
        return serverLeaf;
    }

    /** The negotiated cipher suite, or {@code null} before ServerHello. */
    public CipherSuite cipherSuite() {
        return suite;
    }

    @Override
    void onStart() throws QuicProtocolException {
        if (state() != ClientState.START) {
            throw TlsAlert.INTERNAL_ERROR.exception("start() called twice");
        }
        random = new byte[32];
        config.random().nextBytes(random);
        for (NamedGroup group : config.keyShareGroups()) {
            keyPairs.put(group, group.generateKeyPair(config.random()));
        }
        offeredTicket = usableTicket();
        ClientHello hello = clientHello(null);
        moveTo(ClientState.WAIT_SERVER_HELLO);
        send(INITIAL, hello.toByteArray());
        if (earlyDataOffered) {
            // TLS 1.3 spec §4.2.10: 0-RTT uses the ticket's cipher suite; RFC 9001 §4.6.1: client_early_traffic_secret.
            earlyDataAttempted = true;
            emitSecrets(EncryptionLevel.ZERO_RTT, offeredTicket.cipherSuite(),
                    pskSchedule.clientEarlyTrafficSecret(transcript.currentHash(offeredTicket.cipherSuite().hash())),
                    null);
        }
    }

    /** The ticket to offer, if it has not expired and fits this connection's suites, ALPN and SNI. */
    private ClientTicket usableTicket() {
        if (ticket == null || ticket.isExpired(config.clock().millis())
                || !config.cipherSuites().contains(ticket.cipherSuite())
                || !config.applicationProtocols().contains(ticket.applicationProtocol())
                || !Objects.equals(ticket.serverName(), sniHostName)) {
            return null;
        }
        return ticket;
    }

    /** TLS 1.3 spec §4.2.11.2: fills in the binder computed over the partial ClientHello. */
    private ClientHello withBinder(ClientHello hello) {
        HashFunction hash = offeredTicket.cipherSuite().hash();
        pskSchedule = KeySchedule.withPsk(hash, offeredTicket.psk());
        byte[] binderKey = pskSchedule.resumptionBinderKey();
        byte[] partialHash = transcript.hashWithPartialClientHello(hash, hello.partialEncoding());
        return hello.withBinders(List.of(Opaque.of(KeySchedule.binder(hash, binderKey, partialHash))));
    }

    private ClientHello clientHello(CookieExtension cookie) {
        List<Extension> extensions = new ArrayList<>();
        if (sniHostName != null) {
            extensions.add(new ServerNameExtension(sniHostName));
        }
        extensions.add(new SupportedVersionsClientExtension(List.of(HandshakeRules.TLS13)));
        List<Integer> groups = new ArrayList<>();
        for (NamedGroup group : config.groups()) {
            groups.add(group.code());
        }
        extensions.add(new SupportedGroupsExtension(groups));
        extensions.add(new SignatureAlgorithmsExtension(HandshakeRules.codes(config.signatureSchemes())));
        List<KeyShareEntry> shares = new ArrayList<>();
        for (EphemeralKeyPair pair : keyPairs.values()) {
            shares.add(new KeyShareEntry(pair.group().code(), Opaque.of(pair.keyShare())));
        }
        extensions.add(new KeyShareClientExtension(shares));
        extensions.add(HandshakeRules.alpn(config.applicationProtocols()));
        extensions.add(new QuicTransportParametersExtension(localTransportParameters));
        if (cookie != null) {
            extensions.add(cookie);
        }
        // TLS 1.3 spec §4.2.10: early_data only in the first ClientHello, when the ticket allows it.
        earlyDataOffered = offeredTicket != null && retrySuite == null && config.earlyDataEnabled()
                && offeredTicket.allowsEarlyData();
        if (earlyDataOffered) {
            extensions.add(new EarlyDataExtension());
        }
        // TLS 1.3 spec §4.2.9: psk_dhe_ke only, so a resumed handshake keeps forward secrecy. Sent
        // on every connection: servers send no tickets to a client that does not advertise a mode.
        extensions.add(new PskKeyExchangeModesExtension(List.of(PskKeyExchangeModesExtension.PSK_DHE_KE)));
        if (offeredTicket != null) {
            // TLS 1.3 spec §4.2.11: pre_shared_key is last; placeholder binder until the partial hash is known.
            extensions.add(new PreSharedKeyClientExtension(
                    List.of(new PskIdentity(Opaque.of(offeredTicket.identity()),
                            offeredTicket.obfuscatedTicketAge(config.clock().millis()))),
                    List.of(Opaque.of(new byte[offeredTicket.cipherSuite().hash().length()]))));
        }
        for (Extension extension : extensions) {
            offeredExtensions.add(extension.type());
        }
        List<Integer> suites = new ArrayList<>();
        for (CipherSuite cipherSuite : config.cipherSuites()) {
            suites.add(cipherSuite.code());
        }
        // RFC 9001 §8.4: a QUIC client MUST NOT set legacy_session_id (it stays empty).
        ClientHello hello = new ClientHello(ClientHello.LEGACY_VERSION, Opaque.of(random), Opaque.EMPTY, suites,
                ClientHello.NULL_COMPRESSION, new Extensions(extensions));
        return offeredTicket == null ? hello : withBinder(hello);
    }

    @Override
    void onMessage(RawHandshakeMessage raw, HandshakeMessage message) throws QuicProtocolException {
        switch (state()) {
            case WAIT_SERVER_HELLO, WAIT_SERVER_HELLO_AFTER_RETRY -> onServerHello(raw, (ServerHello) message);
            case WAIT_ENCRYPTED_EXTENSIONS -> onEncryptedExtensions(raw, (EncryptedExtensions) message);
            case WAIT_CERTIFICATE_OR_REQUEST, WAIT_CERTIFICATE -> {
                if (message instanceof CertificateRequest request) {
                    onCertificateRequest(raw, request);
                } else {
                    onCertificate(raw, (Certificate) message);
                }
            }
            case WAIT_CERTIFICATE_VERIFY -> onCertificateVerify(raw, (CertificateVerify) message);
            case WAIT_FINISHED -> onFinished(raw, (Finished) message);
            case CONNECTED -> onNewSessionTicket((NewSessionTicket) message);
            default -> throw new IllegalStateException("no handler in " + state());
        }
    }

    private void onServerHello(RawHandshakeMessage raw, ServerHello hello) throws QuicProtocolException {
        SupportedVersionsServerExtension version =
                hello.extensions().find(SupportedVersionsServerExtension.class).orElse(null);
        // TLS 1.3 spec §4.2.1: without supported_versions the server chose TLS 1.2 or older.
        if (version == null) {
            throw TlsAlert.PROTOCOL_VERSION.exception("ServerHello without supported_versions (not TLS 1.3)");
        }
        // TLS 1.3 spec §4.2.1: a selected_version not offered → illegal_parameter.
        if (version.selectedVersion() != HandshakeRules.TLS13) {
            throw TlsAlert.ILLEGAL_PARAMETER.exception(String.format(
                    "server selected version 0x%04x; we offered only TLS 1.3", version.selectedVersion()));
        }
        // TLS 1.3 spec §4.1.3: legacy_session_id_echo must match what we sent (empty, RFC 9001 §8.4).
        if (hello.legacySessionIdEcho().length() != 0) {
            throw TlsAlert.ILLEGAL_PARAMETER.exception("legacy_session_id_echo does not match the empty session id");
        }
        // TLS 1.3 spec §4.1.3: legacy_version MUST be 0x0303 and legacy_compression_method 0.
        if (hello.legacyVersion() != ClientHello.LEGACY_VERSION || hello.legacyCompressionMethod() != 0) {
            throw TlsAlert.ILLEGAL_PARAMETER.exception("ServerHello legacy_version or compression method is wrong");
        }
        CipherSuite chosen = CipherSuite.fromCode(hello.cipherSuite()).orElse(null);
        // TLS 1.3 spec §4.1.3: a cipher suite that was not offered → illegal_parameter.
        if (chosen == null || !config.cipherSuites().contains(chosen)) {
            throw TlsAlert.ILLEGAL_PARAMETER.exception(String.format(
                    "server chose cipher suite 0x%04x, which we did not offer", hello.cipherSuite()));
        }
        if (hello.isHelloRetryRequest()) {
            onHelloRetryRequest(raw, hello, chosen);
            return;
        }
        HandshakeRules.requireSolicited(hello.extensions(), offeredExtensions, Set.of(), "ServerHello");
        // TLS 1.3 spec §4.1.4: the ServerHello's cipher suite must be the HelloRetryRequest's.
        if (retrySuite != null && retrySuite != chosen) {
            throw TlsAlert.ILLEGAL_PARAMETER.exception("ServerHello cipher suite " + chosen
                    + " differs from the HelloRetryRequest's " + retrySuite);
        }
        PreSharedKeyServerExtension selectedPsk = hello.extensions().find(PreSharedKeyServerExtension.class).orElse(null);
        if (selectedPsk != null) {
            // TLS 1.3 spec §4.2.11: selected_identity must be one we offered and the suite's hash the PSK's.
            if (offeredTicket == null || selectedPsk.selectedIdentity() != 0
                    || chosen.hash() != offeredTicket.cipherSuite().hash()) {
                throw TlsAlert.ILLEGAL_PARAMETER.exception("server selected PSK identity "
                        + selectedPsk.selectedIdentity() + " that we did not offer for " + chosen);
            }
            resumed = true;
        }
        KeyShareServerExtension share = hello.extensions().find(KeyShareServerExtension.class).orElse(null);
        // TLS 1.3 spec §9.2: without a PSK the ServerHello MUST carry key_share.
        if (share == null) {
            throw TlsAlert.MISSING_EXTENSION.exception("ServerHello has no key_share");
        }
        EphemeralKeyPair pair = NamedGroup.fromCode(share.share().group()).map(keyPairs::get).orElse(null);
        // TLS 1.3 spec §4.2.8: the server's share must be in a group we sent a share for.
        if (pair == null) {
            throw TlsAlert.ILLEGAL_PARAMETER.exception(String.format(
                    "ServerHello key_share group 0x%04x is not one we sent a share for", share.share().group()));
        }
        byte[] sharedSecret = pair.sharedSecret(share.share().keyExchange().toByteArray());
        suite = chosen;
        HashFunction hash = suite.hash();
        transcript.selectHash(hash);
        transcript.add(raw.raw());
        // TLS 1.3 spec §7.1: the PSK's Early Secret if the server accepted it, else a fresh zero-PSK schedule.
        schedule = resumed ? pskSchedule : KeySchedule.withoutPsk(hash);
        schedule.deriveHandshakeSecret(sharedSecret);
        byte[] helloHash = transcript.currentHash();
        clientHandshakeSecret = schedule.clientHandshakeTrafficSecret(helloHash);
        serverHandshakeSecret = schedule.serverHandshakeTrafficSecret(helloHash);
        moveTo(ClientState.WAIT_ENCRYPTED_EXTENSIONS);
        emitSecrets(HANDSHAKE, suite, clientHandshakeSecret, serverHandshakeSecret);
    }

    private void onHelloRetryRequest(RawHandshakeMessage raw, ServerHello retry, CipherSuite chosen)
            throws QuicProtocolException {
        // TLS 1.3 spec §4.1.4: a second HelloRetryRequest → unexpected_message.
        if (state() == ClientState.WAIT_SERVER_HELLO_AFTER_RETRY) {
            throw TlsAlert.UNEXPECTED_MESSAGE.exception("second HelloRetryRequest");
        }
        HandshakeRules.requireSolicited(retry.extensions(), offeredExtensions, Set.of(ExtensionType.COOKIE),
                "HelloRetryRequest");
        KeyShareHelloRetryExtension keyShare = retry.extensions().find(KeyShareHelloRetryExtension.class).orElse(null);
        CookieExtension cookie = retry.extensions().find(CookieExtension.class).orElse(null);
        // TLS 1.3 spec §4.1.4: a HelloRetryRequest that would not change the ClientHello → illegal_parameter.
        if (keyShare == null && cookie == null) {
            throw TlsAlert.ILLEGAL_PARAMETER.exception("HelloRetryRequest asks for no change");
        }
        if (keyShare != null) {
            NamedGroup group = NamedGroup.fromCode(keyShare.selectedGroup()).orElse(null);
            // TLS 1.3 spec §4.2.8: the selected group must be in supported_groups and not already shared.
            if (group == null || !config.groups().contains(group) || keyPairs.containsKey(group)) {
                throw TlsAlert.ILLEGAL_PARAMETER.exception(String.format(
                        "HelloRetryRequest selected group 0x%04x, which was not offered or already had a share",
                        keyShare.selectedGroup()));
            }
            keyPairs.clear();
            keyPairs.put(group, group.generateKeyPair(config.random()));
        }
        retrySuite = chosen;
        // TLS 1.3 spec §4.1.4: a PSK whose hash differs from the HelloRetryRequest's suite is no longer offered.
        if (offeredTicket != null && offeredTicket.cipherSuite().hash() != chosen.hash()) {
            offeredTicket = null;
        }
        // TLS 1.3 spec §4.4.1: ClientHello1 is replaced by message_hash, then the HRR is hashed.
        transcript.selectHash(chosen.hash());
        transcript.replaceClientHelloWithMessageHash();
        transcript.add(raw.raw());
        ClientHello second = clientHello(cookie);
        moveTo(ClientState.WAIT_SERVER_HELLO_AFTER_RETRY);
        send(INITIAL, second.toByteArray());
    }

    private void onEncryptedExtensions(RawHandshakeMessage raw, EncryptedExtensions encrypted)
            throws QuicProtocolException {
        Extensions extensions = encrypted.extensions();
        HandshakeRules.requireSolicited(extensions, offeredExtensions, Set.of(), "EncryptedExtensions");
        boolean serverAcceptsEarlyData = extensions.contains(ExtensionType.EARLY_DATA);
        // TLS 1.3 spec §4.2: early_data that the (current) ClientHello did not carry → unsupported_extension.
        if (serverAcceptsEarlyData && !earlyDataOffered) {
            throw TlsAlert.UNSUPPORTED_EXTENSION.exception("EncryptedExtensions accepts early data we did not offer");
        }
        // TLS 1.3 spec §4.2.10: accepting early data requires accepting the first PSK identity.
        if (serverAcceptsEarlyData && !resumed) {
            throw TlsAlert.ILLEGAL_PARAMETER.exception("server accepts early data without accepting the PSK");
        }
        AlpnExtension alpn = extensions.find(AlpnExtension.class).orElse(null);
        // RFC 9001 §8.1: an application protocol must be negotiated, else no_application_protocol.
        if (alpn == null) {
            throw TlsAlert.NO_APPLICATION_PROTOCOL.exception("server selected no application protocol");
        }
        // RFC 7301 §3.1: the server's list MUST contain exactly one name, one the client offered.
        if (alpn.protocols().size() != 1) {
            throw TlsAlert.ILLEGAL_PARAMETER.exception("server ALPN lists " + alpn.protocols().size() + " names");
        }
        String protocol = HandshakeRules.protocolName(alpn.protocols().get(0));
        if (!config.applicationProtocols().contains(protocol)
                || !HandshakeRules.protocolBytes(protocol).equals(alpn.protocols().get(0))) {
            throw TlsAlert.ILLEGAL_PARAMETER.exception("server selected ALPN \"" + protocol + "\" which we did not offer");
        }
        QuicTransportParametersExtension parameters =
                extensions.find(QuicTransportParametersExtension.class).orElse(null);
        // RFC 9001 §8.2: quic_transport_parameters missing → missing_extension (not with TLS_OVER_TCP_TESTING).
        if (parameters == null && config.peerCompatibility() == PeerCompatibility.QUIC) {
            throw TlsAlert.MISSING_EXTENSION.exception("EncryptedExtensions lacks quic_transport_parameters");
        }
        // TLS 1.3 spec §4.2.10: a server accepting 0-RTT must select the ticket's application protocol.
        if (serverAcceptsEarlyData && !protocol.equals(offeredTicket.applicationProtocol())) {
            throw TlsAlert.ILLEGAL_PARAMETER.exception("server accepts early data but selects ALPN \"" + protocol
                    + "\" instead of the ticket's \"" + offeredTicket.applicationProtocol() + "\"");
        }
        applicationProtocol = protocol;
        peerTransportParameters = parameters == null ? null : parameters.parameters();
        transcript.add(raw.raw());
        // TLS 1.3 spec §2.2: a resumed handshake has no Certificate or CertificateVerify.
        moveTo(resumed ? ClientState.WAIT_FINISHED : ClientState.WAIT_CERTIFICATE_OR_REQUEST);
        if (earlyDataAttempted) {
            earlyDataAccepted = serverAcceptsEarlyData;
            // RFC 9001 §4.6.2: the client learns from EncryptedExtensions whether 0-RTT was accepted.
            emit(new TlsOutput.EarlyDataOutcome(serverAcceptsEarlyData));
        }
    }

    private void onCertificateRequest(RawHandshakeMessage raw, CertificateRequest request)
            throws QuicProtocolException {
        // TLS 1.3 spec §4.3.2: certificate_request_context SHALL be empty in the main handshake.
        if (request.requestContext().length() != 0) {
            throw TlsAlert.ILLEGAL_PARAMETER.exception("CertificateRequest context is not empty");
        }
        // TLS 1.3 spec §4.3.2: the signature_algorithms extension MUST be specified.
        if (request.extensions().find(SignatureAlgorithmsExtension.class).isEmpty()) {
            throw TlsAlert.MISSING_EXTENSION.exception("CertificateRequest lacks signature_algorithms");
        }
        certificateRequest = request;
        transcript.add(raw.raw());
        moveTo(ClientState.WAIT_CERTIFICATE);
    }

    private void onCertificate(RawHandshakeMessage raw, Certificate certificate) throws QuicProtocolException {
        // TLS 1.3 spec §4.4.2: for server authentication the request context SHALL be empty.
        if (certificate.requestContext().length() != 0) {
            throw TlsAlert.ILLEGAL_PARAMETER.exception("server Certificate has a request context");
        }
        // TLS 1.3 spec §4.4.2.4: an empty server Certificate → decode_error.
        if (certificate.entries().isEmpty()) {
            throw TlsAlert.DECODE_ERROR.exception("server sent an empty Certificate");
        }
        List<X509Certificate> chain = HandshakeRules.chain(certificate);
        config.peerCertificateVerifier().verify(chain, expectedHost);
        serverLeaf = chain.get(0);
        transcript.add(raw.raw());
        moveTo(ClientState.WAIT_CERTIFICATE_VERIFY);
    }

    private void onCertificateVerify(RawHandshakeMessage raw, CertificateVerify verify) throws QuicProtocolException {
        // TLS 1.3 spec §4.4.3: the signature covers the transcript up to the Certificate.
        CertificateVerifySignatures.verify(verify.signatureScheme(), config.signatureSchemes(),
                serverLeaf.getPublicKey(), EndpointRole.SERVER, transcript.currentHash(),
                verify.signature().toByteArray());
        transcript.add(raw.raw());
        moveTo(ClientState.WAIT_FINISHED);
    }

    private void onFinished(RawHandshakeMessage raw, Finished finished) throws QuicProtocolException {
        HashFunction hash = suite.hash();
        // TLS 1.3 spec §4.4.4: a Finished that does not verify → decrypt_error.
        if (!KeySchedule.verifyFinished(hash, serverHandshakeSecret, transcript.currentHash(),
                finished.verifyData().toByteArray())) {
            throw TlsAlert.DECRYPT_ERROR.exception("server Finished does not verify");
        }
        transcript.add(raw.raw());
        schedule.deriveMasterSecret();
        byte[] serverFinishedHash = transcript.currentHash();
        byte[] clientApplicationSecret = schedule.clientApplicationTrafficSecret(serverFinishedHash);
        byte[] serverApplicationSecret = schedule.serverApplicationTrafficSecret(serverFinishedHash);
        ByteArrayOutputStream flight = new ByteArrayOutputStream();
        if (certificateRequest != null) {
            appendClientCertificate(flight);
        }
        Finished clientFinished = new Finished(Opaque.of(
                KeySchedule.finishedVerifyData(hash, clientHandshakeSecret, transcript.currentHash())));
        append(flight, clientFinished);
        resumptionMasterSecret = schedule.resumptionMasterSecret(transcript.currentHash());
        moveTo(ClientState.CONNECTED);
        emitSecrets(ONE_RTT, suite, clientApplicationSecret, serverApplicationSecret);
        emit(new TlsOutput.CryptoData(HANDSHAKE, ByteBuffer.wrap(flight.toByteArray())));
        complete = true;
        emit(new TlsOutput.HandshakeCompleted());
    }

    /** TLS 1.3 spec §4.4.2: our Certificate (empty if we have none that fits) and CertificateVerify. */
    private void appendClientCertificate(ByteArrayOutputStream flight) throws QuicProtocolException {
        List<Integer> accepted = certificateRequest.extensions().find(SignatureAlgorithmsExtension.class)
                .orElseThrow().schemes();
        Credentials credentials = config.clientCredentials();
        SignatureScheme scheme = null;
        if (credentials != null) {
            try {
                scheme = credentials.selectScheme(accepted);
            } catch (QuicProtocolException noCommonScheme) {
                // TLS 1.3 spec §4.4.2.3: without a suitable certificate the client sends an empty one.
                credentials = null;
            }
        }
        append(flight, HandshakeRules.certificate(certificateRequest.requestContext(), credentials));
        if (credentials != null) {
            append(flight, HandshakeRules.certificateVerify(scheme, credentials.privateKey(), EndpointRole.CLIENT,
                    transcript.currentHash(), config.random()));
        }
    }

    private void append(ByteArrayOutputStream flight, HandshakeMessage message) {
        byte[] bytes = message.toByteArray();
        transcript.add(bytes);
        flight.writeBytes(bytes);
    }

    /**
     * TLS 1.3 spec §4.6.1: a NewSessionTicket at 1-RTT becomes a {@link ClientTicket} handed to the
     * transport as {@link TlsOutput.SessionTicketReceived}. A zero lifetime means "discard".
     */
    private void onNewSessionTicket(NewSessionTicket newTicket) throws QuicProtocolException {
        EarlyDataTicketExtension earlyData = newTicket.extensions().find(EarlyDataTicketExtension.class).orElse(null);
        // RFC 9001 §4.6.1: max_early_data_size other than 0xffffffff → PROTOCOL_VIOLATION.
        if (earlyData != null && earlyData.maxEarlyDataSize() != EarlyDataTicketExtension.QUIC_MAX_EARLY_DATA_SIZE) {
            throw new QuicProtocolException(TransportError.PROTOCOL_VIOLATION, String.format(
                    "NewSessionTicket max_early_data_size 0x%x is not 0xffffffff (RFC 9001 §4.6.1)",
                    earlyData.maxEarlyDataSize()));
        }
        if (newTicket.ticketLifetimeSeconds() == 0) {
            return;
        }
        // TLS 1.3 spec §4.6.1: clients MUST NOT cache tickets for longer than 7 days.
        long lifetime = Math.min(newTicket.ticketLifetimeSeconds(), ClientTicket.MAX_LIFETIME_SECONDS);
        byte[] psk = KeySchedule.pskFromTicket(suite.hash(), resumptionMasterSecret,
                newTicket.ticketNonce().toByteArray());
        ClientTicket received = new ClientTicket(newTicket.ticket().toByteArray(), psk, suite, applicationProtocol,
                sniHostName, newTicket.ticketAgeAdd(), config.clock().millis(), lifetime,
                earlyData == null ? 0 : earlyData.maxEarlyDataSize());
        emit(new TlsOutput.SessionTicketReceived(received.encode()));
    }
}
