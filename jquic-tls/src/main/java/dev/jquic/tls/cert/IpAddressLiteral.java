package dev.jquic.tls.cert;

/**
 * Parses IPv4 (dotted quad) and IPv6 (RFC 4291 §2.2 text forms, including "::" compression and
 * a trailing dotted quad) address literals to their bytes, without {@code java.net} and hence
 * without any name resolution. Used to compare a host with iPAddress SubjectAltNames (RFC 5280
 * §4.2.1.6) whatever the textual form (so {@code ::1} equals {@code 0:0:0:0:0:0:0:1}).
 */
final class IpAddressLiteral {
    private IpAddressLiteral() {
    }

    /**
     * The 4 or 16 address bytes, or {@code null} if {@code text} is not an IP literal. IPv6 may
     * be enclosed in brackets; zone identifiers ("%eth0") are not accepted.
     */
    static byte[] parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.startsWith("[") && text.endsWith("]")) {
            return parseIpv6(text.substring(1, text.length() - 1));
        }
        if (text.indexOf(':') >= 0) {
            return parseIpv6(text);
        }
        return parseIpv4(text);
    }

    static boolean isLiteral(String text) {
        return parse(text) != null;
    }

    static byte[] parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] address = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
                return null;
            }
            int value = 0;
            for (int j = 0; j < part.length(); j++) {
                char c = part.charAt(j);
                if (c < '0' || c > '9') {
                    return null;
                }
                value = value * 10 + (c - '0');
            }
            if (value > 255) {
                return null;
            }
            address[i] = (byte) value;
        }
        return address;
    }

    private static byte[] parseIpv6(String text) {
        int compression = text.indexOf("::");
        if (compression >= 0 && text.indexOf("::", compression + 1) >= 0) {
            return null;
        }
        byte[] address = new byte[16];
        if (compression < 0) {
            int groups = parseGroups(text, address, 0, 8);
            return groups == 8 ? address : null;
        }
        String head = text.substring(0, compression);
        String tail = text.substring(compression + 2);
        byte[] tailBytes = new byte[16];
        int headGroups = head.isEmpty() ? 0 : parseGroups(head, address, 0, 7);
        int tailGroups = tail.isEmpty() ? 0 : parseGroups(tail, tailBytes, 0, 7);
        if (headGroups < 0 || tailGroups < 0 || headGroups + tailGroups > 7) {
            return null;
        }
        if (!head.isEmpty() && head.contains(".")) {
            return null; // a dotted quad may only end the address
        }
        System.arraycopy(tailBytes, 0, address, 16 - 2 * tailGroups, 2 * tailGroups);
        return address;
    }

    /**
     * Parses colon-separated groups into {@code out} from group {@code firstGroup}; the last part
     * may be a dotted quad (two groups). Returns the number of groups, or -1 if malformed or more
     * than {@code maxGroups}.
     */
    private static int parseGroups(String text, byte[] out, int firstGroup, int maxGroups) {
        String[] parts = text.split(":", -1);
        int group = firstGroup;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (i == parts.length - 1 && part.indexOf('.') >= 0) {
                byte[] ipv4 = parseIpv4(part);
                if (ipv4 == null || group + 2 > maxGroups) {
                    return -1;
                }
                System.arraycopy(ipv4, 0, out, 2 * group, 4);
                group += 2;
                continue;
            }
            if (part.isEmpty() || part.length() > 4 || group + 1 > maxGroups) {
                return -1;
            }
            int value = 0;
            for (int j = 0; j < part.length(); j++) {
                int digit = Character.digit(part.charAt(j), 16);
                if (digit < 0) {
                    return -1;
                }
                value = (value << 4) | digit;
            }
            out[2 * group] = (byte) (value >>> 8);
            out[2 * group + 1] = (byte) value;
            group++;
        }
        return group - firstGroup;
    }
}
