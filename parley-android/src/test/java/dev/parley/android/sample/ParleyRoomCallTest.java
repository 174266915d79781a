package dev.parley.android.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.android.AndroidRemoteTrack;
import dev.parley.android.FakeRtcFactory;
import dev.parley.android.OkHttpWebSockets;
import dev.parley.client.Parley;
import dev.parley.client.rtc.LocalMedia;
import dev.parley.server.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sample's calls on the real call layer ({@code Parley.joinCall}, {@code MediaCall}) over
 * OkHttp, through a real Parley server on 127.0.0.1, with the adapter's peers over stand-ins for
 * libwebrtc ({@link FakeRtcFactory}): everything but the media.
 */
class ParleyRoomCallTest {
    private final OkHttpClient http = new OkHttpClient();
    private final List<AutoCloseable> open = new ArrayList<>();
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open.reversed()) c.close();
        server.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    private RoomCall call(String name) {
        var rtc = new FakeRtcFactory();
        open.add(rtc);
        Parley parley = Parley.builder(server.wsUri()).name(name).connector(new OkHttpWebSockets(http)).rtc(rtc).build();
        open.add(parley);
        parley.connect().orTimeout(10, TimeUnit.SECONDS).join();
        return new ParleyRoomCall(parley, LocalMedia.NONE);
    }

    @Test
    void twoPeopleMeetSeeEachOthersVideoAndOneLeaves() throws Exception {
        var alice = new Heard();
        RoomCall aliceCall = call("alice");
        aliceCall.join("standup", alice);
        assertThat(alice.next()).isEqualTo("joined 0");

        var bob = new Heard();
        RoomCall bobCall = call("bob");
        bobCall.join("standup", bob);
        assertThat(bob.next()).isEqualTo("joined 1");

        // the newcomer offers, the other answers; each adapter reports the other's camera
        assertThat(alice.next()).startsWith("video ");
        assertThat(bob.next()).startsWith("video ");

        var carol = new Heard();
        call("carol").join("standup", carol);
        assertThat(carol.next()).isEqualTo("full");

        bobCall.leave();
        assertThat(alice.next()).isEqualTo("peer left");
        aliceCall.leave();
        assertThat(alice.quiet()).as("leaving is no failure").isNull();
    }

    /** What a call's events said, in order. */
    private static final class Heard implements RoomCall.Events {
        private final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();

        String next() throws InterruptedException {
            String e = events.poll(10, TimeUnit.SECONDS);
            assertThat(e).as("an event within 10 s").isNotNull();
            return e;
        }

        String quiet() throws InterruptedException {
            return events.poll(300, TimeUnit.MILLISECONDS);
        }

        @Override
        public void onJoined(int others) {
            events.add("joined " + others);
        }

        @Override
        public void onFull() {
            events.add("full");
        }

        @Override
        public void onRemoteVideo(AndroidRemoteTrack video) {
            events.add("video " + video.id());
        }

        @Override
        public void onPeerLeft() {
            events.add("peer left");
        }

        @Override
        public void onFailed(String reason) {
            events.add("failed " + reason);
        }
    }
}
