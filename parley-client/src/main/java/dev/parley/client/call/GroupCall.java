package dev.parley.client.call;

import dev.parley.client.Events;
import dev.parley.client.Parley;
import dev.parley.client.ParleyEvent;
import dev.parley.client.ParleyException;
import dev.parley.client.call.CallEvent.StateChanged;
import dev.parley.client.rtc.LocalMedia;
import dev.parley.client.rtc.PeerConnectionState;
import dev.parley.client.rtc.RtcPeerFactory;
import dev.parley.protocol.Peer;
import dev.parley.protocol.ServerMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A call with everyone in a room as a full mesh, one {@link PeerLink} per other member (the JS
 * SDK's {@code GroupCall}, parley-group.js). Every member sends its media to every other, so this is
 * for small groups. Events ({@link CallEvent}) carry the member they are about; states are
 * {@code WAITING} alone, {@code CONNECTING}, {@code CONNECTED} with someone, {@code ENDED}.
 */
public final class GroupCall {
    private final Parley parley;
    private final LocalMedia media;
    private final String room;
    private final Events events = new Events();
    private final Events.Group listening = new Events.Group();

    // Confined to the loop.
    private CallState state = CallState.NEW;
    private DeviceState localState = DeviceState.DEFAULT;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final Map<String, CallQuality> quality = new LinkedHashMap<>();
    /** Chat id → member ids that have not confirmed yet. */
    private final Map<String, Set<String>> pendingReceipts = new LinkedHashMap<>();

    /** One other member: who, and the link to them. */
    public record Member(Peer peer, PeerLink link) {
        public boolean connected() {
            return link.pc().connectionState() == PeerConnectionState.CONNECTED;
        }
    }

    public GroupCall(Parley parley, ServerMessage.Joined joined, LocalMedia media) {
        this.parley = parley;
        this.media = media;
        this.room = joined.room();
        listen(ServerMessage.Signal.class, m -> {
            if (!mine(m.room())) return;
            SignalPayload p = SignalPayload.parse(m.data());
            Member member = members.get(m.from());
            if (member == null) member = add(new Peer(m.from(), null), true); // harmless; the server orders peer-joined first
            if (p != null && member != null) member.link().handle(p);
        });
        listen(ServerMessage.PeerJoined.class, m -> {
            if (mine(m.room())) add(m.peer(), true); // they offer to us
        });
        listen(ServerMessage.PeerLeft.class, m -> {
            if (mine(m.room())) remove(m.peer().id());
        });
        listen(ServerMessage.PeerAway.class, m -> {
            if (mine(m.room()) && members.containsKey(m.peer().id())) events.emit(new CallEvent.PeerAway(m.peer()));
        });
        listen(ServerMessage.PeerBack.class, m -> {
            if (mine(m.room()) && members.containsKey(m.peer().id())) events.emit(new CallEvent.PeerBack(m.peer()));
        });
        // After a server restart the seats were taken again: link up with anyone new; known ids keep their links.
        listen(ParleyEvent.Rejoined.class, e -> {
            if (mine(e.joined().room())) for (Peer p : e.joined().peers()) add(p, false);
        });
        listen(ParleyEvent.RoomLost.class, e -> {
            if (mine(e.room())) end("signaling-lost");
        });
        listen(ParleyEvent.Closed.class, e -> end("signaling-lost"));
        for (Peer p : joined.peers()) add(p, false); // the newcomer offers to each
        updateState();
    }

    public <T> Events.Subscription on(Class<T> type, Consumer<? super T> handler) {
        return events.on(type, handler);
    }

    public String room() {
        return room;
    }

    public CallState state() {
        return state;
    }

    /** The other members, by session id. A copy. */
    public Map<String, Member> members() {
        return Map.copyOf(members);
    }

    /** Tells every member what this side's devices do. */
    public void setLocalState(DeviceState state) {
        localState = state;
        for (Member m : members.values()) m.link().data().setState(state);
    }

    /** Sends a chat message to every member; {@link CallEvent.ChatDelivered} when all of them have it. */
    public String chat(String text) {
        List<Member> open = openMembers();
        String id = UUID.randomUUID().toString();
        Set<String> waiting = new HashSet<>();
        for (Member m : open) waiting.add(m.peer().id());
        pendingReceipts.put(id, waiting);
        for (Member m : open) m.link().data().chat(text, id);
        return id;
    }

    /** Sends a file to every member connected now, each over their own link. */
    public List<FileTransfer> sendFile(String name, String type, byte[] content) {
        List<FileTransfer> sent = new ArrayList<>();
        for (Member m : openMembers()) sent.add(m.link().data().sendFile(name, type, content));
        return sent;
    }

    public CompletableFuture<Void> hangup() {
        if (state == CallState.ENDED) return CompletableFuture.completedFuture(null);
        end("hung-up");
        return parley.leave(room).handle((v, e) -> null);
    }

    private List<Member> openMembers() {
        List<Member> open = new ArrayList<>();
        for (Member m : members.values()) if (m.link().data().open()) open.add(m);
        if (open.isEmpty()) throw ParleyException.refused("not-connected", "nobody to send to yet");
        return open;
    }

    private boolean mine(String r) {
        return room.equals(r);
    }

    private Member add(Peer peer, boolean polite) {
        if (members.containsKey(peer.id()) || peer.id().equals(parley.sessionId()) || state == CallState.ENDED) {
            return members.get(peer.id());
        }
        var config = new RtcPeerFactory.Configuration(parley.iceServers(), parley.relayOnly());
        var link = new PeerLink(parley.loop(), parley.rtc(), config, media, peer, polite,
                p -> parley.signal(room, peer.id(), p.toPayload()));
        link.data().setState(localState);
        var member = new Member(peer, link);
        members.put(peer.id(), member);
        quality.put(peer.id(), new CallQuality(parley.loop(), link.pc(), sample -> events.emit(new CallEvent.Quality(peer, sample))));
        link.events().on(CallEvent.class, e -> {
            if (members.get(peer.id()) != member) return;
            if (e instanceof CallEvent.LinkState) updateState();
            else events.emit(e);
        });
        link.data().events().on(CallEvent.class, e -> {
            if (members.get(peer.id()) != member) return;
            if (e instanceof CallEvent.ChatDelivered d) receipt(d.id(), peer.id());
            else events.emit(e);
        });
        events.emit(new CallEvent.PeerJoined(peer));
        updateState();
        if (!polite) link.offerNow(); // the newcomer offers to each
        return member;
    }

    private void remove(String id) {
        Member member = members.remove(id);
        if (member == null) return;
        quality.remove(id).stop();
        member.link().close();
        for (String chatId : List.copyOf(pendingReceipts.keySet())) receipt(chatId, id);
        events.emit(new CallEvent.PeerLeft(member.peer()));
        updateState();
    }

    private void receipt(String chatId, String memberId) {
        Set<String> waiting = pendingReceipts.get(chatId);
        if (waiting == null) return;
        waiting.remove(memberId);
        if (!waiting.isEmpty()) return;
        pendingReceipts.remove(chatId);
        events.emit(new CallEvent.ChatDelivered(chatId));
    }

    private void updateState() {
        if (state == CallState.ENDED) return;
        boolean connected = members.values().stream().anyMatch(Member::connected);
        CallState next = members.isEmpty() ? CallState.WAITING : connected ? CallState.CONNECTED : CallState.CONNECTING;
        if (next != state) {
            state = next;
            events.emit(new StateChanged(next, null, null));
        }
    }

    private void end(String reason) {
        if (state == CallState.ENDED) return;
        for (Member m : members.values()) m.link().close();
        for (CallQuality q : quality.values()) q.stop();
        members.clear();
        quality.clear();
        listening.close();
        state = CallState.ENDED;
        events.emit(new StateChanged(CallState.ENDED, reason, null));
    }

    private <T> void listen(Class<T> type, Consumer<? super T> handler) {
        listening.add(parley.on(type, handler));
    }
}
