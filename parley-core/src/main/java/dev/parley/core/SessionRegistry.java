package dev.parley.core;

/**
 * Where a session can be reached from other sessions: told when it is greeted (from then on it
 * has an id others may address) and when it ends. In memory there is nothing to do; a cluster
 * records the node that holds it.
 */
public interface SessionRegistry {
    SessionRegistry NONE = new SessionRegistry() {
        @Override
        public void greeted(Session s) { }

        @Override
        public void ended(Session s) { }
    };

    void greeted(Session s);

    /** What became of a session another node held, asked for by a client that resumes it here. */
    sealed interface TakeOver {
        /** No node holds it (it ended, or never was): the client starts afresh. */
        record Unknown() implements TakeOver { }

        /** It is someone else's: it has another name than the client's (the session stays where it is). */
        record NotYours() implements TakeOver { }

        /** Its node still has it connected, or did not set it aside in time: the client asks again in a moment. */
        record Busy(String why) implements TakeOver { }

        /** Set aside by its node and now this node's; {@link #attached} follows once it is resumed (or ended). */
        record Taken(ParkedSession session) implements TakeOver { }
    }

    /**
     * Takes over session {@code id}, which this node does not hold, for a client resuming it here
     * under {@code name} (null for none): only a session of that name (by {@link Names#keys}) is taken.
     */
    default TakeOver takeOver(String id, String name) {
        return new TakeOver.Unknown();
    }

    /** A session {@link TakeOver.Taken taken over} is resumed (or ended): what waited for it may go out now. */
    default void attached(String id) { }

    /** After the session has left its rooms and freed its name. */
    void ended(Session s);
}
