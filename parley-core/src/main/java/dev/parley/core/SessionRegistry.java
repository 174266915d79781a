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

    /** After the session has left its rooms and freed its name. */
    void ended(Session s);
}
