package dev.jquic.interop;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;
import tech.kwik.agent15.handshake.ServerHello;
import tech.kwik.core.QuicClientConnection;

/**
 * Closes two races in Kwik 0.10.3's client that the interop cases hit against jquic's server on
 * loopback, where the server answers within a fraction of a millisecond. Both are windows in
 * which the connecting thread is still setting up while Kwik's receiver thread already handles
 * the server's answer; both are Kwik's, and this guard closes them by holding the ServerHello
 * until the connecting thread is done.
 *
 * <ol>
 * <li><b>A ServerHello before agent15 is ready for it</b> (about one class run in ten, mostly in
 * {@code resumption} and {@code zerortt}, whose handshakes sign nothing and answer fastest).
 * agent15 3.1's {@code TlsClientEngineImpl.startHandshake} hands its ClientHello to Kwik for
 * sending and only then moves from its Start state to WaitServerHello. A ServerHello handled in
 * between is ignored ({@code received(ServerHello)} returns unless the state is WaitServerHello),
 * yet the Initial packet that carried it is acknowledged, so the server never sends it again:
 * Kwik discards every Handshake packet for want of keys until its connect times out.
 * {@link KwikPeerFactsTest} shows this with a widened window, and the guard closing it.
 * <li><b>Early data set up while the server's parameters arrive</b> (seen once in
 * {@code zerortt}). With 0-RTT, Kwik's connect applies the remembered transport parameters after
 * sending the ClientHello ({@code sendEarlyData}); the receiver thread applies the server's. Both
 * call {@code IdleTimer.setIdleTimeout}, whose check-then-act on its timer task is unguarded, and
 * the loser's connect failed with "Handshake error: java.lang.NullPointerException: Cannot invoke
 * ScheduledFuture.cancel(boolean) because this.timerTask is null". For a connection with early
 * data the guard holds the ServerHello until Kwik has marked the early data requested, the last
 * step of {@code sendEarlyData}.
 * </ol>
 *
 * <p>The guard is a proxy between Kwik's connection and its TLS engine. Kwik offers no event for
 * either condition, so its receiver thread polls them, every 20 µs for at most
 * {@value #MAX_WAIT_SECONDS} s. The field names are those of the pinned versions; an upgrade that
 * renames them fails here with a message, not with hanging cases.
 */
final class KwikConnectRaces {

    private static final long MAX_WAIT_SECONDS = 10;

    private KwikConnectRaces() {
    }

    /** Builds a client connection, without early data, with the guard in place. */
    static QuicClientConnection build(QuicClientConnection.Builder builder) throws IOException {
        QuicClientConnection connection = builder.build();
        guard(connection, false);
        return connection;
    }

    /** Builds a client connection that will connect with early data, with the guard in place. */
    static QuicClientConnection buildForEarlyData(QuicClientConnection.Builder builder) throws IOException {
        QuicClientConnection connection = builder.build();
        guard(connection, true);
        return connection;
    }

    /**
     * Makes {@code connection} hold a ServerHello until its TLS engine has sent the ClientHello
     * and, with {@code earlyData}, until its early data is set up.
     */
    static void guard(QuicClientConnection connection, boolean earlyData) {
        Object engine = field(connection, "tlsEngine");
        Field status = declared(engine.getClass(), "status");
        Object start = enumConstant(status, "Start");
        Field earlyDataStatus = declared(connection.getClass(), "earlyDataStatus");
        Object notRequested = enumConstant(earlyDataStatus, "None");
        BooleanSupplier connectingThreadDone = () -> {
            try {
                return status.get(engine) != start && (!earlyData || earlyDataStatus.get(connection) != notRequested);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        };
        GuardedEngine handler = new GuardedEngine(engine, connectingThreadDone);
        Object guarded = Proxy.newProxyInstance(engine.getClass().getClassLoader(), interfaces(engine.getClass()),
                handler);
        setField(connection, "tlsEngine", guarded);
        for (Object cryptoStream : (List<?>) field(connection, "cryptoStreams")) {
            if (cryptoStream != null) {
                setField(cryptoStream, "tlsEngine", guarded);
            }
        }
    }

    /** The name of the TLS engine's current handshake state (for {@link KwikPeerFactsTest}). */
    static String state(QuicClientConnection connection) {
        Object engine = field(connection, "tlsEngine");
        if (Proxy.isProxyClass(engine.getClass()) && Proxy.getInvocationHandler(engine) instanceof GuardedEngine guard) {
            engine = guard.engine;
        }
        return String.valueOf(field(engine, "status"));
    }

    /** Forwards every call to Kwik's TLS engine, a ServerHello only once the connecting thread is done. */
    private static final class GuardedEngine implements InvocationHandler {
        private final Object engine;
        private final BooleanSupplier connectingThreadDone;

        GuardedEngine(Object engine, BooleanSupplier connectingThreadDone) {
            this.engine = engine;
            this.connectingThreadDone = connectingThreadDone;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
            if (arguments != null && arguments.length > 0 && arguments[0] instanceof ServerHello) {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(MAX_WAIT_SECONDS);
                while (!connectingThreadDone.getAsBoolean() && System.nanoTime() < end) {
                    LockSupport.parkNanos(20_000);
                }
            }
            try {
                return method.invoke(engine, arguments);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    private static Class<?>[] interfaces(Class<?> type) {
        Set<Class<?>> all = new LinkedHashSet<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            all.addAll(List.of(c.getInterfaces()));
        }
        return all.toArray(new Class<?>[0]);
    }

    private static Object enumConstant(Field field, String name) {
        for (Object constant : field.getType().getEnumConstants()) {
            if (((Enum<?>) constant).name().equals(name)) {
                return constant;
            }
        }
        throw new IllegalStateException(field.getType().getName() + " has no " + name + " any more: "
                + "re-check KwikConnectRaces against the Kwik version in use");
    }

    private static Object field(Object owner, String name) {
        try {
            return declared(owner.getClass(), name).get(owner);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + owner.getClass().getName() + "." + name, e);
        }
    }

    private static void setField(Object owner, String name, Object value) {
        try {
            declared(owner.getClass(), name).set(owner, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot write " + owner.getClass().getName() + "." + name, e);
        }
    }

    /** The field {@code name} of {@code type} or of a superclass, made accessible. */
    private static Field declared(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField(name);
                field.setAccessible(true);
                return field;
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new IllegalStateException(type.getName() + " has no field '" + name
                + "': re-check KwikConnectRaces against the Kwik version in use");
    }
}
