package dev.jquic.runtime;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.net.BindException;

/**
 * The Linux system calls of the batched UDP transport, bound through the Foreign Function &amp;
 * Memory API (JDK 22+) to the C library already in the process (no native library of our own),
 * with the LP64 struct layouts they use. Every downcall captures {@code errno}
 * ({@link Linker.Option#captureCallState}) into a segment the caller passes first.
 *
 * <p>Constants are the Linux values shared by x86_64 and aarch64 (asm-generic).
 */
final class LinuxSyscalls {

    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_NONBLOCK = 0x800;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_SNDBUF = 7;
    static final int SO_RCVBUF = 8;
    static final int SO_REUSEPORT = 15;
    static final int IPPROTO_IPV6 = 41;
    static final int IPV6_V6ONLY = 26;
    static final int SOL_UDP = 17;
    static final int UDP_SEGMENT = 103;
    static final int UDP_GRO = 104;
    static final short POLLIN = 0x1;
    static final short POLLOUT = 0x4;
    static final short POLLERR = 0x8;
    static final int EFD_NONBLOCK = 0x800;
    static final int EFD_CLOEXEC = 0x80000;

    static final int EPERM = 1;
    static final int EINTR = 4;
    static final int EIO = 5;
    static final int EAGAIN = 11;
    static final int EACCES = 13;
    static final int EINVAL = 22;
    static final int EMSGSIZE = 90;
    static final int ENOPROTOOPT = 92;
    static final int EAFNOSUPPORT = 97;
    static final int EADDRINUSE = 98;
    static final int EADDRNOTAVAIL = 99;
    static final int ENETUNREACH = 101;
    static final int ENOBUFS = 105;
    static final int ECONNREFUSED = 111;
    static final int EHOSTUNREACH = 113;

    /** struct iovec { void *iov_base; size_t iov_len; } */
    static final StructLayout IOVEC = MemoryLayout.structLayout(ADDRESS.withName("base"), JAVA_LONG.withName("len"));
    /** struct msghdr (LP64): 56 bytes. */
    static final StructLayout MSGHDR = MemoryLayout.structLayout(
            ADDRESS.withName("name"), JAVA_INT.withName("namelen"), MemoryLayout.paddingLayout(4),
            ADDRESS.withName("iov"), JAVA_LONG.withName("iovlen"),
            ADDRESS.withName("control"), JAVA_LONG.withName("controllen"),
            JAVA_INT.withName("flags"), MemoryLayout.paddingLayout(4));
    /** struct mmsghdr { struct msghdr msg_hdr; unsigned int msg_len; }: 64 bytes. */
    static final StructLayout MMSGHDR = MemoryLayout.structLayout(MSGHDR.withName("hdr"), JAVA_INT.withName("len"),
            MemoryLayout.paddingLayout(4));
    /** struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; }: data at 16. */
    static final StructLayout CMSGHDR = MemoryLayout.structLayout(JAVA_LONG.withName("len"), JAVA_INT.withName("level"),
            JAVA_INT.withName("type"));
    /** struct pollfd { int fd; short events; short revents; } */
    static final StructLayout POLLFD = MemoryLayout.structLayout(JAVA_INT.withName("fd"), JAVA_SHORT.withName("events"),
            JAVA_SHORT.withName("revents"));
    /** struct timespec { time_t tv_sec; long tv_nsec; } */
    static final StructLayout TIMESPEC = MemoryLayout.structLayout(JAVA_LONG.withName("sec"), JAVA_LONG.withName("nsec"));

    static final long MSG_NAME = offset(MSGHDR, "name");
    static final long MSG_NAMELEN = offset(MSGHDR, "namelen");
    static final long MSG_IOV = offset(MSGHDR, "iov");
    static final long MSG_IOVLEN = offset(MSGHDR, "iovlen");
    static final long MSG_CONTROL = offset(MSGHDR, "control");
    static final long MSG_CONTROLLEN = offset(MSGHDR, "controllen");
    static final long MSG_FLAGS = offset(MSGHDR, "flags");
    static final long MMSG_LEN = offset(MMSGHDR, "len");
    static final long IOV_BASE = offset(IOVEC, "base");
    static final long IOV_LEN = offset(IOVEC, "len");
    static final long CMSG_DATA = CMSGHDR.byteSize();
    /** sizeof(struct sockaddr_in6), enough for sockaddr_in too. */
    static final int SOCKADDR_BYTES = 28;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(PathElement.groupElement("errno"));
    private static final Linker.Option ERRNO_OPTION = Linker.Option.captureCallState("errno");

    static final MethodHandle SOCKET = bind("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    static final MethodHandle BIND = bind("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle GETSOCKNAME = bind("getsockname",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle SETSOCKOPT = bind("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle GETSOCKOPT = bind("getsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle SENDMMSG = bind("sendmmsg",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    static final MethodHandle RECVMMSG = bind("recvmmsg",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
    static final MethodHandle PPOLL = bind("ppoll",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS));
    static final MethodHandle EVENTFD = bind("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    static final MethodHandle READ = bind("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    static final MethodHandle WRITE = bind("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private LinuxSyscalls() {
    }

    /** Why these calls cannot work here (not LP64, a layout not as in C), or null. */
    static String layoutMismatch() {
        if (ADDRESS.byteSize() != 8) {
            return "not an LP64 platform";
        }
        if (MSGHDR.byteSize() != 56 || MMSGHDR.byteSize() != 64 || IOVEC.byteSize() != 16 || CMSG_DATA != 16
                || POLLFD.byteSize() != 8 || TIMESPEC.byteSize() != 16 || MSG_CONTROLLEN != 40 || MSG_FLAGS != 48) {
            return "struct layouts differ from Linux LP64 (msghdr " + MSGHDR.byteSize() + " B)";
        }
        return null;
    }

    private static long offset(StructLayout layout, String field) {
        return layout.byteOffset(PathElement.groupElement(field));
    }

    @SuppressWarnings("restricted") // native access: see UdpTransports for how it is enabled
    private static MethodHandle bind(String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("no " + name + " in libc"));
        return LINKER.downcallHandle(symbol, descriptor, ERRNO_OPTION);
    }

    /** A segment for the captured errno of one thread's calls. */
    static MemorySegment captureSegment(java.lang.foreign.Arena arena) {
        return arena.allocate(CAPTURE);
    }

    static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    /** CMSG_LEN(n). */
    static long cmsgLength(long dataBytes) {
        return CMSG_DATA + dataBytes;
    }

    /** CMSG_SPACE(n): aligned to 8 bytes. */
    static long cmsgSpace(long dataBytes) {
        return CMSG_DATA + ((dataBytes + 7) & ~7L);
    }

    /** The exception for a failed call: what was done, the errno name and number. */
    static IOException failure(String what, int errno) {
        String message = what + ": " + errnoName(errno) + " (errno " + errno + ")";
        if (errno == EADDRINUSE || errno == EADDRNOTAVAIL || errno == EACCES) {
            return new BindException(message);
        }
        return new IOException(message);
    }

    static String errnoName(int errno) {
        return switch (errno) {
            case EPERM -> "EPERM operation not permitted";
            case EINTR -> "EINTR interrupted";
            case EIO -> "EIO input/output error (GSO refused by the device?)";
            case EAGAIN -> "EAGAIN would block";
            case EACCES -> "EACCES permission denied";
            case EINVAL -> "EINVAL invalid argument";
            case EMSGSIZE -> "EMSGSIZE message too long";
            case ENOPROTOOPT -> "ENOPROTOOPT protocol option not supported";
            case EAFNOSUPPORT -> "EAFNOSUPPORT address family not supported";
            case EADDRINUSE -> "EADDRINUSE address already in use";
            case EADDRNOTAVAIL -> "EADDRNOTAVAIL address not available";
            case ENETUNREACH -> "ENETUNREACH network unreachable";
            case ENOBUFS -> "ENOBUFS no buffer space";
            case ECONNREFUSED -> "ECONNREFUSED connection refused";
            case EHOSTUNREACH -> "EHOSTUNREACH host unreachable";
            default -> "error";
        };
    }

    /** Rethrows what a downcall threw (it throws nothing but errors of the JVM itself). */
    static RuntimeException rethrow(Throwable thrown) {
        if (thrown instanceof RuntimeException runtime) {
            return runtime;
        }
        if (thrown instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(thrown);
    }
}
