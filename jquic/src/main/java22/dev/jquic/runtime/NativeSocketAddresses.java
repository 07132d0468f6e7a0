package dev.jquic.runtime;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * Converts between {@link InetSocketAddress} and C {@code sockaddr_in}/{@code sockaddr_in6}
 * without allocating for addresses seen before: encodings are cached by address, and decoded
 * addresses in a small direct-mapped table keyed by the raw fields. IPv4 peers of an IPv6 socket
 * (mapped addresses {@code ::ffff:a.b.c.d}) decode to {@link Inet4Address}, as NIO reports them.
 * Loop thread only.
 */
final class NativeSocketAddresses {

    private static final ValueLayout.OfShort NET_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt NATIVE_INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong NATIVE_LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final int DECODE_SLOTS = 256;
    private static final int ENCODE_CACHE_LIMIT = 4096;

    private final int family;
    private final Map<SocketAddress, byte[]> encoded = new HashMap<>();
    private final long[] keyHigh = new long[DECODE_SLOTS];
    private final long[] keyLow = new long[DECODE_SLOTS];
    private final long[] keyRest = new long[DECODE_SLOTS];
    private final InetSocketAddress[] decoded = new InetSocketAddress[DECODE_SLOTS];

    /** For a socket of {@code family} (AF_INET or AF_INET6). */
    NativeSocketAddresses(int family) {
        this.family = family;
    }

    /**
     * The C encoding of {@code address} for this socket's family (the cached array: do not modify),
     * or null if it cannot be reached from such a socket.
     */
    byte[] encode(SocketAddress address) {
        byte[] bytes = encoded.get(address);
        if (bytes == null) {
            bytes = encodeNew(address);
            if (bytes == null) {
                return null;
            }
            if (encoded.size() >= ENCODE_CACHE_LIMIT) {
                encoded.clear();
            }
            encoded.put(address, bytes);
        }
        return bytes;
    }

    private byte[] encodeNew(SocketAddress address) {
        if (!(address instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return null;
        }
        return encode(inet.getAddress(), inet.getPort(), family);
    }

    /** sockaddr_in (16 bytes) or sockaddr_in6 (28 bytes) for {@code family}; null if impossible. */
    static byte[] encode(InetAddress address, int port, int family) {
        byte[] raw = address.getAddress();
        MemorySegment out;
        byte[] bytes;
        if (family == LinuxSyscalls.AF_INET) {
            if (raw.length != 4) {
                return null;
            }
            bytes = new byte[16];
            out = MemorySegment.ofArray(bytes);
            out.set(ValueLayout.JAVA_SHORT_UNALIGNED, 0, (short) LinuxSyscalls.AF_INET);
            out.set(NET_SHORT, 2, (short) port);
            MemorySegment.copy(raw, 0, out, ValueLayout.JAVA_BYTE, 4, 4);
            return bytes;
        }
        bytes = new byte[28];
        out = MemorySegment.ofArray(bytes);
        out.set(ValueLayout.JAVA_SHORT_UNALIGNED, 0, (short) LinuxSyscalls.AF_INET6);
        out.set(NET_SHORT, 2, (short) port);
        if (raw.length == 4) {
            // An IPv4 peer of a dual-stack socket: ::ffff:a.b.c.d (RFC 4291 §2.5.5.2).
            out.set(ValueLayout.JAVA_BYTE, 18, (byte) 0xff);
            out.set(ValueLayout.JAVA_BYTE, 19, (byte) 0xff);
            MemorySegment.copy(raw, 0, out, ValueLayout.JAVA_BYTE, 20, 4);
        } else {
            MemorySegment.copy(raw, 0, out, ValueLayout.JAVA_BYTE, 8, 16);
            if (address instanceof Inet6Address inet6) {
                out.set(NATIVE_INT, 24, inet6.getScopeId());
            }
        }
        return bytes;
    }

    /** The address in {@code sockaddr} at {@code offset} (as filled by the kernel), or null if not IP. */
    InetSocketAddress decode(MemorySegment sockaddr, long offset) {
        int addressFamily = sockaddr.get(ValueLayout.JAVA_SHORT_UNALIGNED, offset) & 0xffff;
        int port = sockaddr.get(NET_SHORT, offset + 2) & 0xffff;
        long high;
        long low;
        long rest;
        if (addressFamily == LinuxSyscalls.AF_INET) {
            high = 0;
            low = sockaddr.get(NATIVE_INT, offset + 4) & 0xffff_ffffL;
            rest = port | ((long) addressFamily << 16);
        } else if (addressFamily == LinuxSyscalls.AF_INET6) {
            high = sockaddr.get(NATIVE_LONG, offset + 8);
            low = sockaddr.get(NATIVE_LONG, offset + 16);
            rest = port | ((long) addressFamily << 16) | ((long) sockaddr.get(NATIVE_INT, offset + 24) << 32);
        } else {
            return null;
        }
        int slot = (int) mix(high, low, rest) & (DECODE_SLOTS - 1);
        InetSocketAddress cached = decoded[slot];
        if (cached != null && keyHigh[slot] == high && keyLow[slot] == low && keyRest[slot] == rest) {
            return cached;
        }
        InetSocketAddress fresh = decodeNew(sockaddr, offset, addressFamily, port);
        decoded[slot] = fresh;
        keyHigh[slot] = high;
        keyLow[slot] = low;
        keyRest[slot] = rest;
        return fresh;
    }

    private static long mix(long high, long low, long rest) {
        long hash = high * 0x9E3779B97F4A7C15L ^ low * 0xC2B2AE3D27D4EB4FL ^ rest * 0x165667B19E3779F9L;
        return hash ^ (hash >>> 29) ^ (hash >>> 47);
    }

    private static InetSocketAddress decodeNew(MemorySegment sockaddr, long offset, int addressFamily, int port) {
        byte[] raw;
        int scope = 0;
        if (addressFamily == LinuxSyscalls.AF_INET) {
            raw = new byte[4];
            MemorySegment.copy(sockaddr, ValueLayout.JAVA_BYTE, offset + 4, raw, 0, 4);
        } else {
            raw = new byte[16];
            MemorySegment.copy(sockaddr, ValueLayout.JAVA_BYTE, offset + 8, raw, 0, 16);
            scope = sockaddr.get(NATIVE_INT, offset + 24);
            if (isMappedIpv4(raw)) {
                raw = java.util.Arrays.copyOfRange(raw, 12, 16);
            }
        }
        try {
            InetAddress address = raw.length == 16 && scope != 0 ? Inet6Address.getByAddress(null, raw, scope)
                    : InetAddress.getByAddress(raw);
            return new InetSocketAddress(address, port);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static boolean isMappedIpv4(byte[] raw) {
        for (int i = 0; i < 10; i++) {
            if (raw[i] != 0) {
                return false;
            }
        }
        return raw[10] == (byte) 0xff && raw[11] == (byte) 0xff;
    }
}
