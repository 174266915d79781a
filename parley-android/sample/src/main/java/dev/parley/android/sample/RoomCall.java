package dev.parley.android.sample;

import dev.parley.android.AndroidRemoteTrack;

/**
 * What this screen needs of a call: one with whoever else is in a room, seed 000's flow.
 * {@link ParleyRoomCall} is it on Parley's call layer ({@code Parley.joinCall} and {@code MediaCall});
 * the screen's tests give another.
 */
public interface RoomCall {
    /** Joins {@code room} and calls whoever is there or comes; {@code events} hear how it goes. */
    void join(String room, Events events);

    /** Hangs up and leaves the room. Safe to call at any time, more than once. */
    void leave();

    /** Called on any thread. */
    interface Events {
        /** In the room, with this many others (0: waiting for someone to come). */
        void onJoined(int others);

        /** The room already has its two people. */
        void onFull();

        /** The other side's camera, to show. */
        void onRemoteVideo(AndroidRemoteTrack video);

        /** The other side left; the call waits for the next one to come. */
        void onPeerLeft();

        /** The call could not go on (signaling lost for good, a refused request). */
        void onFailed(String reason);
    }
}
