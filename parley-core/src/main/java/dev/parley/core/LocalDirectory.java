package dev.parley.core;

import dev.parley.protocol.Peer;
import dev.parley.protocol.ServerMessage.Presence;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who is online by name in this process's memory (see {@link NameDirectory}). Nobody can pose as
 * "alice" while "alice" is online, whether as "Alice" or with a Cyrillic "а".
 *
 * <p>One monitor guards the map and every presence message. That is what lets each named session
 * see one full snapshot followed by every change in the order it happened: a change can neither
 * overtake the snapshot nor be missing from it. Sign-ins are rare; the lock is never on a relay path.
 */
final class LocalDirectory implements NameDirectory {
    /** Named, open sessions by each of their {@link Names#keys}. Guarded by {@code this}. */
    private final Map<String, Session> byKey = new HashMap<>();
    /** The same sessions, once each, in the order they came online. Guarded by {@code this}. */
    private final Set<Session> online = new LinkedHashSet<>();

    /**
     * Claims the name for the session, unless someone online has it. On success, runs
     * {@code greet} (which sends {@code welcome}), then sends the session the full presence list,
     * then tells everyone else that the name came online, all under the lock.
     */
    @Override
    public synchronized boolean claim(Session s, String name, Runnable greet) {
        Set<String> keys = Names.keys(name);
        if (keys.stream().anyMatch(byKey::containsKey)) return false;
        List<String> others = online.stream().map(Session::name)
                .sorted(Comparator.comparing(Names::key)).toList();
        broadcast(new Presence(false, List.of(name), List.of()));
        keys.forEach(k -> byKey.put(k, s));
        online.add(s);
        greet.run();
        s.send(new Presence(true, others, List.of()));
        return true;
    }

    /** Frees the session's name, if it had one, and tells everyone it went offline. */
    @Override
    public synchronized void release(Session s) {
        if (s.name() == null || !online.remove(s)) return;
        Names.keys(s.name()).forEach(k -> byKey.remove(k, s));
        broadcast(new Presence(false, List.of(), List.of(s.name())));
    }

    @Override
    public synchronized Peer find(String name) {
        return Names.keys(name).stream().map(byKey::get).filter(java.util.Objects::nonNull).findFirst().map(Session::peer).orElse(null);
    }

    @Override
    public synchronized int online() {
        return online.size();
    }

    private void broadcast(Presence change) {
        for (Session other : online) other.send(change);
    }
}
