package dev.jquic.tls.handshake;

import dev.jquic.tls.message.HandshakeType;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The table-building shared by {@link ClientState} and {@link ServerState}. */
final class StateTables {
    private StateTables() {
    }

    /** Adds {@code failed} as a successor of every state but itself: any state may fail with an alert. */
    static <S extends Enum<S>> void withFailureFromEveryState(Map<S, Set<S>> table, S failed) {
        for (Map.Entry<S, Set<S>> entry : table.entrySet()) {
            if (entry.getKey() != failed) {
                entry.getValue().add(failed);
            }
        }
    }

    /** The messages a state accepts, as an enum set (possibly empty). */
    static Set<HandshakeType> accepted(HandshakeType... types) {
        Set<HandshakeType> set = EnumSet.noneOf(HandshakeType.class);
        for (HandshakeType type : types) {
            set.add(type);
        }
        return set;
    }

    /** A copy of a state's successors that the caller may modify. */
    static <S extends Enum<S>> Set<S> copyOf(Set<S> successors, Class<S> type) {
        Set<S> copy = EnumSet.noneOf(type);
        copy.addAll(successors);
        return copy;
    }
}
