package dev.parley.client.call;

import dev.parley.client.rtc.PeerConnectionState;
import dev.parley.client.rtc.RemoteTrack;
import dev.parley.protocol.Peer;
import java.util.List;

/**
 * What a call reports, to {@code call.on(...)} handlers on the session's loop; the names in
 * parentheses are the JS SDK's events. {@code peer} says who it is about: in a room the member (by
 * session id), in a direct call the other side (by name, with an empty id).
 */
public sealed interface CallEvent {
    /**
     * ({@code state}) the call moved to {@code state}; {@code reason} says why it ended or went back
     * to waiting; {@code detail} is the callee's own reason when it rejected the call.
     */
    record StateChanged(CallState state, String reason, String detail) implements CallEvent {}

    /** ({@code remote}) the other side's camera and microphone: the tracks now arriving. */
    record Remote(Peer peer, List<RemoteTrack> tracks) implements CallEvent {}

    /** ({@code remote-screen}) the screen shared beside the camera; empty once it stops. */
    record RemoteScreen(Peer peer, List<RemoteTrack> tracks) implements CallEvent {}

    /**
     * ({@code peer-joined}) a link with someone starts: a member who came to the room (or was there when
     * the room was taken again after a server restart), or the callee who answered.
     */
    record PeerJoined(Peer peer) implements CallEvent {}

    /** ({@code peer-left}) someone left the room; the call goes on with whoever is left, or waits. */
    record PeerLeft(Peer peer) implements CallEvent {}

    /** ({@code peer-away}) the other side's connection to the server dropped; media may flow on meanwhile. */
    record PeerAway(Peer peer) implements CallEvent {}

    /** ({@code peer-back}) it came back. */
    record PeerBack(Peer peer) implements CallEvent {}

    /** ({@code remote-state}) what the other side says its devices are doing. */
    record RemoteState(Peer peer, DeviceState state) implements CallEvent {}

    /** ({@code chat}) a chat message arrived; {@code at} is the sender's clock, ms since 1970. */
    record Chat(Peer peer, String id, String text, long at) implements CallEvent {}

    /** ({@code chat-delivered}) the message with this id arrived (in a group: at every member it went to). */
    record ChatDelivered(String id) implements CallEvent {}

    /** ({@code file}) a file is arriving; follow it on the transfer. */
    record FileOffered(Peer peer, FileTransfer transfer) implements CallEvent {}

    /** ({@code quality}) a sample of the connection's statistics, every second while connected. */
    record Quality(Peer peer, QualitySample sample) implements CallEvent {}

    /** The peer connection with {@code peer} changed state. */
    record LinkState(Peer peer, PeerConnectionState state) implements CallEvent {}
}
