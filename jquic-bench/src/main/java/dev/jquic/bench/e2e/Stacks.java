package dev.jquic.bench.e2e;

import java.util.List;

/** The stacks by name. Kwik (LGPL) is found on the class path only when the test classes are there. */
public final class Stacks {

    /** The reference every ratio is computed against. */
    public static final String BASELINE = "netty-nio";
    /** All names, in report order. */
    public static final List<String> ALL = List.of("jquic", "netty-nio", "netty-epoll", "netty-epoll-gso", "kwik");
    static final String KWIK_CLASS = "dev.jquic.bench.e2e.KwikStack";

    private Stacks() {
    }

    public static Stack create(String name) throws Exception {
        return switch (name) {
            case "jquic" -> new JquicStack();
            case "netty-nio" -> new NettyStack(NettyStack.Transport.NIO);
            case "netty-epoll" -> new NettyStack(NettyStack.Transport.EPOLL);
            case "netty-epoll-gso" -> new NettyStack(NettyStack.Transport.EPOLL_GSO);
            case "kwik" -> (Stack) Class.forName(KWIK_CLASS).getDeclaredConstructor().newInstance();
            default -> throw new IllegalArgumentException("unknown stack " + name + "; known: " + ALL);
        };
    }

    /** Why {@code name} cannot run here, or null if it can. */
    static String unavailable(String name) {
        try {
            create(name);
            return null;
        } catch (ClassNotFoundException missing) {
            return "not on the class path (Kwik is test scope: run with the test class path, see e2e.sh)";
        } catch (Exception | LinkageError failure) {
            return String.valueOf(failure.getMessage());
        }
    }
}
