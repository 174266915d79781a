package dev.parley.turn.allocation;

import dev.parley.turn.policy.SourceKey;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every live allocation by 5-tuple, with the quotas of RFC 8656 §7.2: per user (486 Allocation
 * Quota Reached), per source address (an IPv6 /64) and in total (both 508 Insufficient Capacity:
 * §7.2 wants 486 to be about the user, not the transport address). The per-address share keeps one
 * address holding credentials for many names from taking every allocation and relay port. Shared by
 * all event loops: the maps are concurrent and the quota check-and-count is under one lock so two
 * racing Allocates cannot both take the last place.
 */
public final class Allocations {
    public enum Admission { ADMITTED, USER_QUOTA, ADDRESS_QUOTA, CAPACITY }

    private final int maxTotal;
    private final int maxPerUser;
    private final int maxPerAddress;
    private final TurnClock clock;
    private final RelayStats stats;
    private final Map<FiveTuple, Allocation> byTuple = new ConcurrentHashMap<>();
    private final Object quotaLock = new Object();
    /** Guarded by {@link #quotaLock}. */
    private final Map<String, Integer> perUser = new java.util.HashMap<>();
    /** Guarded by {@link #quotaLock}; keyed by {@link SourceKey}. */
    private final Map<InetAddress, Integer> perAddress = new java.util.HashMap<>();
    /** Guarded by {@link #quotaLock}. */
    private int total;

    public Allocations(int maxTotal, int maxPerUser, int maxPerAddress, TurnClock clock, RelayStats stats) {
        if (maxTotal < 1 || maxPerUser < 1 || maxPerAddress < 1) throw new IllegalArgumentException("allocation quotas must be at least 1");
        this.maxTotal = maxTotal;
        this.maxPerUser = maxPerUser;
        this.maxPerAddress = maxPerAddress;
        this.clock = clock;
        this.stats = stats;
    }

    public Allocation get(FiveTuple tuple) {
        return byTuple.get(tuple);
    }

    /** The allocation on {@code link}: the one it keeps track of, else looked up by its 5-tuple. */
    public Allocation of(ClientLink link) {
        Allocation known = link.allocation();
        return known != null ? known : byTuple.get(link.tuple());
    }

    /**
     * Counts an allocation for {@code user} from {@code source} against the quotas; {@link #release}
     * gives it back if it is not made after all.
     */
    public Admission admit(String user, InetAddress source) {
        InetAddress key = SourceKey.of(source);
        synchronized (quotaLock) {
            if (perUser.getOrDefault(user, 0) >= maxPerUser) return Admission.USER_QUOTA;
            if (perAddress.getOrDefault(key, 0) >= maxPerAddress) return Admission.ADDRESS_QUOTA;
            if (total >= maxTotal) return Admission.CAPACITY;
            perUser.merge(user, 1, Integer::sum);
            perAddress.merge(key, 1, Integer::sum);
            total++;
            return Admission.ADMITTED;
        }
    }

    public void release(String user, InetAddress source) {
        InetAddress key = SourceKey.of(source);
        synchronized (quotaLock) {
            perUser.computeIfPresent(user, (u, n) -> n == 1 ? null : n - 1);
            perAddress.computeIfPresent(key, (a, n) -> n == 1 ? null : n - 1);
            total--;
        }
    }

    /** Registers an admitted allocation; closing it releases its quota. */
    public Allocation add(Allocation.Spec spec) {
        Allocation[] made = new Allocation[1];
        made[0] = new Allocation(spec, clock, stats, () -> {
            spec.client().released(made[0]);
            if (byTuple.remove(spec.tuple(), made[0])) release(spec.quotaUser(), spec.tuple().client().getAddress());
        });
        byTuple.put(spec.tuple(), made[0]);
        spec.client().allocated(made[0]);
        stats.allocationsCreated.increment();
        return made[0];
    }

    public int size() {
        return byTuple.size();
    }

    /** Closes expired allocations, each on its own event loop (where a Refresh may have just saved it). */
    public void sweep() {
        long now = clock.nanoTime();
        for (Allocation a : byTuple.values()) {
            if (a.expired(now)) a.client().eventLoop().execute(() -> {
                if (a.expired(clock.nanoTime())) a.close();
            });
        }
    }

    /** Closes every allocation, on its event loop. */
    public void closeAll() {
        List<Allocation> all = new ArrayList<>(byTuple.values());
        for (Allocation a : all) a.client().eventLoop().execute(a::close);
    }
}
