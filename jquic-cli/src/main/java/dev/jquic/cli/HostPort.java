package dev.jquic.cli;

/**
 * A {@code HOST:PORT} argument: a name or IPv4 literal ({@code localhost:4433}, {@code
 * 127.0.0.1:4433}) or a bracketed IPv6 literal ({@code [::1]:4433}).
 *
 * @param host the host name or address literal, without brackets
 * @param port the UDP port, 1..65535
 */
record HostPort(String host, int port) {

    /** Parses {@code text}; the exception's message says what is wrong, for the command line. */
    static HostPort parse(String text) {
        String host;
        String portText;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "': missing ']' after the IPv6 address");
            }
            host = text.substring(1, close);
            if (host.isEmpty() || !host.contains(":")) {
                throw new IllegalArgumentException("'" + text + "': brackets must hold an IPv6 address");
            }
            if (close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("'" + text + "': expected HOST:PORT, e.g. [::1]:4433");
            }
            portText = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("'" + text + "': expected HOST:PORT, e.g. localhost:4433");
            }
            host = text.substring(0, colon);
            if (host.contains(":")) {
                throw new IllegalArgumentException("'" + text + "': write an IPv6 address in brackets, e.g. [::1]:4433");
            }
            if (host.isEmpty()) {
                throw new IllegalArgumentException("'" + text + "': the host is missing");
            }
            portText = text.substring(colon + 1);
        }
        if (host.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("'" + text + "': the host contains white space");
        }
        return new HostPort(host, parsePort(text, portText));
    }

    private static int parsePort(String text, String portText) {
        if (portText.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "': the port is missing");
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException notNumber) {
            throw new IllegalArgumentException("'" + text + "': the port '" + portText + "' is not a number");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("'" + text + "': the port " + port + " is not in 1..65535");
        }
        return port;
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
