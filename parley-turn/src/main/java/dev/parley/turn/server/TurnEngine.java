package dev.parley.turn.server;

import dev.parley.turn.allocation.Allocations;
import dev.parley.turn.allocation.ClientLink;
import dev.parley.turn.allocation.RelayPorts;
import dev.parley.turn.allocation.RelayStats;
import dev.parley.turn.auth.Nonces;
import dev.parley.turn.policy.UnauthenticatedBudget;
import dev.parley.turn.proto.ChannelData;
import dev.parley.turn.stun.ErrorCode;
import dev.parley.turn.stun.Fingerprint;
import dev.parley.turn.stun.MessageClass;
import dev.parley.turn.stun.MessageType;
import dev.parley.turn.stun.StunMessage;
import dev.parley.turn.stun.StunParseException;
import dev.parley.turn.stun.UnknownAttributes;
import dev.parley.turn.stun.XorMappedAddress;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.util.List;

/**
 * STUN and TURN, transport-independent: a message from a client in, at most one response out, on
 * the client's event loop. A flat dispatch on the message type, as pion/turn; each TURN method has
 * its own small handler. Bad input is answered with an error code or dropped, never thrown.
 */
public final class TurnEngine {
    private final TurnConfig config;
    private final Allocations allocations;
    private final RelayPorts ports;
    private final RelayStats stats;
    private final Authenticator authenticator;
    private final UnauthenticatedBudget unauthenticated;
    private final AllocateHandler allocate;
    private final AllocationHandlers handlers;
    private final DataHandler data;

    public TurnEngine(TurnConfig config) {
        this.config = config;
        this.stats = new RelayStats();
        this.allocations = new Allocations(config.maxAllocations(), config.maxAllocationsPerUser(),
                config.maxAllocationsPerAddress(), config.clock(), stats);
        this.ports = new RelayPorts(config.minPort(), config.maxPort());
        this.authenticator = new Authenticator(config.realm(), config.credentials(), new Nonces(config.clock(), config.nonceLifetime()));
        this.unauthenticated = new UnauthenticatedBudget(TurnConfig.BINDING_ANSWER_BYTES, config.unauthenticatedPerSecond(),
                config.unauthenticatedBurst(), config.unauthenticatedErrorsPerSecond(), config.clock());
        this.allocate = new AllocateHandler(config, allocations, ports);
        this.handlers = new AllocationHandlers(config, allocations);
        this.data = new DataHandler(allocations);
    }

    /** One message from a client: STUN, or ChannelData (first two bits 01, RFC 8656 §12). The buffer stays the caller's. */
    public void receive(ByteBuf message, ClientLink link) {
        receive(message, link, config.clock().nanoTime());
    }

    /** The same, received at {@code nowNanos} on the engine's clock (one read of it serves a batch of datagrams). */
    public void receive(ByteBuf message, ClientLink link, long nowNanos) {
        if (ChannelData.is(message)) {
            data.channelData(message, link, nowNanos);
            return;
        }
        StunMessage m;
        try {
            m = StunMessage.decode(ByteBufUtil.getBytes(message));
        } catch (StunParseException e) {
            return; // RFC 8489 §6.3: malformed messages are discarded
        }
        if (m.attribute(Fingerprint.TYPE) != null && !Fingerprint.verify(m)) return;
        byte[] response = switch (m.type().messageClass()) {
            case REQUEST -> request(m, link);
            case INDICATION -> {
                if (m.type().method() == MessageType.SEND) data.send(m, link);
                yield null;
            }
            case SUCCESS, ERROR -> null; // a server sends no requests, so no response is expected
        };
        if (response != null) link.send(Unpooled.wrappedBuffer(response));
    }

    /** Called when a TCP/TLS client goes away: its allocation goes with it (RFC 8656 §3.1). */
    public void disconnected(ClientLink link) {
        var a = allocations.of(link);
        if (a != null) a.close();
    }

    private byte[] request(StunMessage m, ClientLink link) {
        InetAddress source = link.tuple().client().getAddress();
        if (m.type().method() == MessageType.BINDING) {
            List<Integer> unknown = KnownAttributes.unknownRequired(m);
            return unknown.isEmpty() ? unauthenticated(source, binding(m, link), false)
                    : unauthenticated(source, unknownAttributes(m, null, unknown), true);
        }
        Replies.Caller caller;
        switch (authenticator.check(m, source)) {
            case Authenticator.Verdict.Rejected r -> {
                return unauthenticated(source, r.response(), true);
            }
            case Authenticator.Verdict.Accepted a -> caller = a.caller();
        }
        List<Integer> unknown = KnownAttributes.unknownRequired(m);
        if (!unknown.isEmpty()) return unknownAttributes(m, caller, unknown);
        try {
            return switch (m.type().method()) {
                case MessageType.ALLOCATE -> allocate.handle(m, caller, link);
                case MessageType.REFRESH -> handlers.refresh(m, caller, link);
                case MessageType.CREATE_PERMISSION -> handlers.createPermission(m, caller, link);
                case MessageType.CHANNEL_BIND -> handlers.channelBind(m, caller, link);
                default -> Replies.error(m, caller, ErrorCode.BAD_REQUEST, "Unsupported method 0x" + Integer.toHexString(m.type().method()));
            };
        } catch (StunParseException e) {
            return Replies.error(m, caller, ErrorCode.BAD_REQUEST, e.getMessage());
        }
    }

    /** {@code answer} to an unauthenticated request if the budgets pay for it, else null (no answer). */
    private byte[] unauthenticated(InetAddress source, byte[] answer, boolean error) {
        if (unauthenticated.allow(source, answer.length, error)) return answer;
        stats.droppedRateLimited.increment();
        return null;
    }

    /** RFC 8489 §6.3.1 and §7.3.1: the reflexive address, as XOR-MAPPED-ADDRESS. */
    private static byte[] binding(StunMessage m, ClientLink link) {
        return Replies.success(m, null, b -> b.add(XorMappedAddress.TYPE, XorMappedAddress.encode(link.tuple().client(), m.transactionId())));
    }

    private static byte[] unknownAttributes(StunMessage m, Replies.Caller caller, List<Integer> unknown) {
        return Replies.finish(m, m.respond(false)
                .add(ErrorCode.TYPE, ErrorCode.encode(ErrorCode.UNKNOWN_ATTRIBUTE, "Unknown Attribute"))
                .add(UnknownAttributes.TYPE, UnknownAttributes.encode(unknown)), caller);
    }

    /** Closes expired allocations and forgets idle state; the server calls it every second. */
    public void sweep() {
        allocations.sweep();
        ports.purgeExpired(config.clock().nanoTime());
        unauthenticated.sweep();
    }

    public void close() {
        allocations.closeAll();
        ports.close();
    }

    public RelayStats stats() {
        return stats;
    }

    public Allocations allocations() {
        return allocations;
    }

    public TurnConfig config() {
        return config;
    }
}
