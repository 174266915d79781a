package dev.parley.android.sample;

import dev.parley.android.AndroidRemoteTrack;
import dev.parley.client.Parley;
import dev.parley.client.ParleyException;
import dev.parley.client.call.CallEvent;
import dev.parley.client.call.CallState;
import dev.parley.client.call.MediaCall;
import dev.parley.client.rtc.LocalMedia;
import dev.parley.client.rtc.RemoteTrack;
import java.util.concurrent.CompletionException;

/**
 * The screen's call on Parley's call layer: {@link Parley#joinCall} and the {@link MediaCall} it
 * gives, as the web app's room call. Everything here runs on the session's event loop.
 */
final class ParleyRoomCall implements RoomCall {
    private final Parley parley;
    private final LocalMedia media;

    /** Confined to the session's loop. */
    private MediaCall call;
    private boolean left;

    ParleyRoomCall(Parley parley, LocalMedia media) {
        this.parley = parley;
        this.media = media;
    }

    @Override
    public void join(String room, Events events) {
        parley.ready().thenCompose(w -> parley.joinCall(room, media)).whenCompleteAsync((joined, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error;
                if (cause instanceof ParleyException p && "full".equals(p.reason())) events.onFull();
                else events.onFailed(String.valueOf(cause.getMessage()));
                return;
            }
            if (left) {
                joined.hangup();
                return;
            }
            call = joined;
            joined.on(CallEvent.StateChanged.class, e -> {
                if (e.state() == CallState.WAITING && "peer-left".equals(e.reason())) events.onPeerLeft();
                else if (e.state() == CallState.ENDED && !left) events.onFailed(e.reason());
            });
            joined.on(CallEvent.Remote.class, e -> {
                for (RemoteTrack t : e.tracks()) {
                    if (t.kind() == RemoteTrack.Kind.VIDEO && t instanceof AndroidRemoteTrack video) events.onRemoteVideo(video);
                }
            });
            // subscribed in the same loop task that made the call: no event slipped by
            events.onJoined(joined.state() == CallState.WAITING ? 0 : 1);
        }, parley.loop());
    }

    @Override
    public void leave() {
        parley.loop().execute(() -> {
            left = true;
            if (call != null) call.hangup();
        });
    }
}
