package dev.parley.core;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ProtocolException;
import java.util.function.Predicate;

/**
 * Who may do what, decided at {@code hello}. {@link #OPEN} lets anyone in under the name they
 * pick; a token-checking implementation (outside the core) takes the name and rights from a signed
 * token and refuses anyone without one.
 */
@FunctionalInterface
public interface Access {
    /** Anyone, any name, any room, any call: for a LAN or a demo. */
    Access OPEN = (name, token) -> new Grant(name, room -> true, true);

    /**
     * The rights of a session that says hello with this name and token (either may be null).
     *
     * @throws ProtocolException {@code unauthorized} when the session may not enter
     */
    Grant admit(String name, String token);

    /**
     * What an admitted session may do.
     *
     * @param name the name it is known by (null: anonymous)
     * @param rooms which rooms it may join
     * @param mayCall whether it may place direct calls (anyone online may be called)
     */
    record Grant(String name, Predicate<String> rooms, boolean mayCall) {}

    static ProtocolException unauthorized(String why) {
        return new ProtocolException(ErrorCode.UNAUTHORIZED, why);
    }
}
