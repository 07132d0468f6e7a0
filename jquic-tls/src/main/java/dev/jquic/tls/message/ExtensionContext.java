package dev.jquic.tls.message;

/**
 * The message an extension block belongs to (TLS 1.3 spec §4.2 table: CH, SH, HRR, EE, CT, CR,
 * NST); it decides which extensions are allowed and which form each takes.
 */
public enum ExtensionContext {
    CLIENT_HELLO,
    SERVER_HELLO,
    HELLO_RETRY_REQUEST,
    ENCRYPTED_EXTENSIONS,
    CERTIFICATE,
    CERTIFICATE_REQUEST,
    NEW_SESSION_TICKET
}
