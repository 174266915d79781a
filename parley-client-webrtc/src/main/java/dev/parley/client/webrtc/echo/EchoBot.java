package dev.parley.client.webrtc.echo;

import dev.parley.client.Parley;
import dev.parley.client.ParleyEvent;
import dev.parley.client.call.CallEvent;
import dev.parley.client.call.CallState;
import dev.parley.client.call.GroupCall;
import dev.parley.client.call.IncomingCall;
import dev.parley.client.rtc.LocalMedia;
import dev.parley.client.webrtc.WebRtc;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The echo test: a bot in a room that sends each caller back the video and sound it receives from
 * them, so one person alone can check their camera, microphone and the whole path through the
 * deployment (the TURN relay too, with {@code relayOnly}). Each member gets a peer connection of its
 * own, as in a group call, so callers only ever see and hear themselves.
 */
public final class EchoBot implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EchoBot.class);

    /**
     * @param server the signaling URL ({@code ws://host:8080/ws})
     * @param token for a server in token mode, else null
     * @param relayOnly media only through the server's TURN relay
     * @param sslContext trust for {@code wss://} beyond the JDK's (a self-signed certificate), or null
     */
    public record Options(URI server, String room, String name, String token, boolean relayOnly, javax.net.ssl.SSLContext sslContext) {
        public Options(URI server, String room, String name, String token, boolean relayOnly) {
            this(server, room, name, token, relayOnly, null);
        }

        public Options {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(room, "room");
        }
    }

    private final Options options;
    private final WebRtc rtc;
    private final Parley parley;
    private final CompletableFuture<String> ended = new CompletableFuture<>();
    /** Set once, on the session's loop. */
    private volatile GroupCall call;
    /** Written on the session's loop. */
    private volatile int callers;

    private EchoBot(Options options) {
        this.options = options;
        this.rtc = WebRtc.headless();
        this.parley = Parley.builder(options.server()).name(options.name()).token(options.token())
                .relayOnly(options.relayOnly()).sslContext(options.sslContext()).rtc(new Mirror(rtc)).build();
        parley.on(ParleyEvent.Closed.class, e -> ended.complete("the server closed the session (" + e.code() + " " + e.reason() + ")"));
        // Its name is online, so people may ring it: the echo test is the room, not a direct call.
        parley.on(IncomingCall.class, c -> c.reject("the echo test answers in its room, not by name"));
    }

    /** Connects and joins the room; fails if the server cannot be reached or the room is full. */
    public static CompletableFuture<EchoBot> start(Options options) {
        var bot = new EchoBot(options);
        return bot.parley.connect()
                .thenCompose(w -> bot.parley.joinGroup(options.room(), LocalMedia.NONE))
                .thenApply(call -> {
                    bot.call = call;
                    call.on(CallEvent.StateChanged.class, e -> {
                        if (e.state() == CallState.ENDED) bot.ended.complete("the call ended (" + e.reason() + ")");
                    });
                    call.on(CallEvent.Remote.class, e -> {
                        bot.callers = call.members().size();
                        log.info("echoing {} tracks back to {}", e.tracks().size(), e.peer().name() == null ? e.peer().id() : e.peer().name());
                    });
                    call.on(CallEvent.PeerLeft.class, e -> {
                        bot.callers = call.members().size();
                        log.info("{} left", e.peer().name() == null ? e.peer().id() : e.peer().name());
                    });
                    return bot;
                })
                .whenCompleteAsync((b, e) -> {
                    if (e != null) bot.close(); // off the session's loop: closing waits for it
                }, ForkJoinPool.commonPool());
    }

    public Options options() {
        return options;
    }

    /** How many callers it is echoing to now. */
    public int callers() {
        return callers;
    }

    /** Completes, with why, when the bot stopped for good (its session or its call ended). */
    public CompletableFuture<String> ended() {
        return ended;
    }

    @Override
    public void close() {
        ended.complete("closed"); // before the hang-up below reports the call ending
        GroupCall c = call;
        if (c != null) {
            try {
                CompletableFuture.supplyAsync(c::hangup, parley.loop()).thenCompose(f -> f).get(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                log.debug("leaving the room failed", e);
            }
        }
        parley.close();
        rtc.close();
    }
}
