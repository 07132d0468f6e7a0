package dev.jquic.interop;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.handler.codec.quic.QuicChannel;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Works around a race in Netty QUIC 4.2.18 that the interop cases hit against quiche's server: a
 * quiche timer that is already due when {@code QuicheQuicChannel.connectionSend} re-arms it runs
 * inside that send, and the send its timeout asks for returns at the send's re-entrance guard.
 * What the timeout queued (the frames of a packet it declared lost, a probe) then waits for the
 * next datagram or timer, and a connection with nothing in flight has neither before its idle
 * timeout. {@link NettyPeerFactsTest} shows the race.
 *
 * <p>The guard asks Netty to send every {@value #PERIOD_MILLIS} ms, on the connection's event
 * loop ({@code connectionSendAndFlush}, package-private, so by reflection). With nothing queued,
 * quiche's send returns Done and nothing goes out.
 */
final class NettyTimerRace extends ChannelHandlerAdapter {
    static final long PERIOD_MILLIS = 20;
    private static final Method SEND;

    static {
        try {
            SEND = Class.forName("io.netty.handler.codec.quic.QuicheQuicChannel")
                    .getDeclaredMethod("connectionSendAndFlush");
            SEND.setAccessible(true);
        } catch (ReflectiveOperationException missing) {
            throw new ExceptionInInitializerError("Netty QUIC changed: no QuicheQuicChannel.connectionSendAndFlush "
                    + "to work around its timer race with (" + missing + "); check NettyPeerFactsTest");
        }
    }

    private ScheduledFuture<?> sends;

    /** For a connection's pipeline (from a {@code ChannelInitializer}, so the channel is registered). */
    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        QuicChannel channel = (QuicChannel) context.channel();
        sends = channel.eventLoop().scheduleAtFixedRate(() -> send(channel), PERIOD_MILLIS, PERIOD_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        sends.cancel(false);
    }

    private void send(QuicChannel channel) {
        if (!channel.isOpen()) {
            sends.cancel(false);
            return;
        }
        try {
            SEND.invoke(channel);
        } catch (IllegalAccessException | InvocationTargetException failure) {
            sends.cancel(false);
            channel.pipeline().fireExceptionCaught(failure);
        }
    }
}
