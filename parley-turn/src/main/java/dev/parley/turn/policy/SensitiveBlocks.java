package dev.parley.turn.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The blocks an allow rule should not open unless the operator says so explicitly: those that reach
 * the relay's own machine (loopback, "this host") or the cloud metadata service (link-local,
 * 169.254.169.254 and fd00:ec2::254), in IPv4, IPv6 and IPv4-mapped spellings. A rule such as
 * {@code 0.0.0.0/0} or {@code ::/0} covers them all.
 */
public final class SensitiveBlocks {
    private static final Map<Cidr, String> BLOCKS = new LinkedHashMap<>();

    static {
        BLOCKS.put(Cidr.parse("0.0.0.0/8"), "0.0.0.0/8 (this host)");
        BLOCKS.put(Cidr.parse("127.0.0.0/8"), "127.0.0.0/8 (loopback)");
        BLOCKS.put(Cidr.parse("169.254.0.0/16"), "169.254.0.0/16 (link-local, with the cloud metadata address)");
        BLOCKS.put(Cidr.parse("::/128"), "::/128 (unspecified: this host)");
        BLOCKS.put(Cidr.parse("::1/128"), "::1 (loopback)");
        BLOCKS.put(Cidr.parse("fe80::/10"), "fe80::/10 (link-local)");
        BLOCKS.put(Cidr.parse("fd00:ec2::254/128"), "fd00:ec2::254 (cloud metadata)");
        BLOCKS.put(Cidr.parse("::ffff:0.0.0.0/104"), "::ffff:0.0.0.0/104 (this host, IPv4-mapped)");
        BLOCKS.put(Cidr.parse("::ffff:127.0.0.0/104"), "::ffff:127.0.0.0/104 (loopback, IPv4-mapped)");
        BLOCKS.put(Cidr.parse("::ffff:169.254.0.0/112"), "::ffff:169.254.0.0/112 (link-local, IPv4-mapped)");
    }

    private SensitiveBlocks() {}

    /** What {@code rule} would open of the sensitive blocks, described; empty when nothing. */
    public static List<String> openedBy(Cidr rule) {
        return BLOCKS.entrySet().stream().filter(e -> e.getKey().overlaps(rule)).map(Map.Entry::getValue).toList();
    }

    /** Whether any of {@code rules} opens a sensitive block. */
    public static boolean anyOpenedBy(List<Cidr> rules) {
        return rules.stream().anyMatch(r -> !openedBy(r).isEmpty());
    }
}
