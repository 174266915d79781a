package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.call.CallEvent;
import dev.parley.client.call.CallState;
import dev.parley.client.call.FileTransfer;
import dev.parley.client.call.MediaCall;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Java program and Chromium in one call, through a real server: each decodes the other's video
 * and hears the other's sound.
 */
@Tag("java-media")
class JavaPeerCallTest {
    @RegisterExtension
    static final Stage.Extension stage = Stage.extension();
    private JavaPeer java;

    @AfterEach
    void close() {
        if (java != null) java.close();
    }

    private URI ws() {
        return URI.create("ws://127.0.0.1:" + stage.get().server.httpPort() + "/ws");
    }

    /** The browser decodes the Java side's picture (its size, frames advancing) and hears its tone. */
    static void assertBrowserReceivesJava(Person p) {
        // The Java side's 4:3 picture, at up to its width: libwebrtc may scale it down on a busy machine.
        p.waitFor("w => { const v = document.getElementById('remote');"
                + " return v.videoWidth > 0 && v.videoWidth <= w && v.videoWidth * 3 === v.videoHeight * 4; }", JavaPeer.WIDTH);
        long frames = framesShown(p);
        double energy = p.media().audioEnergy();
        p.page().waitForTimeout(1_500);
        assertThat(framesShown(p) - frames).as("frames the browser showed of the Java side's video").isGreaterThan(5);
        assertThat(p.media().audioEnergy() - energy).as("the Java side's tone in the browser").isGreaterThan(0.001);
    }

    private static long framesShown(Person p) {
        return ((Number) p.page().evaluate("() => document.getElementById('remote').getVideoPlaybackQuality().totalVideoFrames")).longValue();
    }

    @Test
    void aJavaProgramAndABrowserMeetInARoom() {
        Person alice = stage.get().person("alice");
        alice.joinRoom("java-room");
        alice.awaitCallState("waiting");
        java = new JavaPeer(ws(), "bot").connect();
        MediaCall call = java.joinCall("java-room");

        alice.awaitConnectedWithVideo();
        java.await("connected", () -> call.state() == CallState.CONNECTED);
        java.await("the browser's camera", () -> java.framesDecoded.get() > 10);
        var frame = java.lastFrame.get();
        // Chromium's fake camera is 640×480; a busy machine may make its encoder scale it down, never reshape it.
        assertThat(frame.width()).as("Chromium's fake camera").isBetween(1, 640);
        assertThat(frame.width() * 3).as("its 4:3 shape").isEqualTo(frame.height() * 4);
        java.assertReceiving(Duration.ofSeconds(2));
        assertBrowserReceivesJava(alice);
    }

    @Test
    void aJavaProgramCallsABrowserByNameAndTheBrowserCallsItBack() {
        Person alice = stage.get().person("alice");
        alice.goOnline("alice");
        java = new JavaPeer(ws(), "bot").connect();

        MediaCall outgoing = java.call("alice");
        assertThat(outgoing.state()).isEqualTo(CallState.RINGING);
        alice.awaitIncomingCallFrom("bot");
        alice.page().click("#accept");
        alice.awaitConnectedWithVideo();
        java.await("connected", () -> outgoing.state() == CallState.CONNECTED);
        java.assertReceiving(Duration.ofSeconds(2));
        assertBrowserReceivesJava(alice);
        alice.page().click("#hangup");
        java.await("the browser hung up", () -> outgoing.state() == CallState.ENDED);
        assertThat(java.events).contains(new CallEvent.StateChanged(CallState.ENDED, "peer-hung-up", null));

        long framesBefore = java.framesDecoded.get();
        alice.call("bot");
        java.await("the browser's ring", () -> !java.incoming.isEmpty());
        assertThat(java.incoming.get(0).from()).isEqualTo("alice");
        MediaCall answered = java.accept(java.incoming.get(0));
        alice.awaitConnectedWithVideo();
        java.await("connected", () -> answered.state() == CallState.CONNECTED);
        java.await("the browser's camera again", () -> java.framesDecoded.get() > framesBefore + 10);
        java.assertReceiving(Duration.ofSeconds(2));
        assertBrowserReceivesJava(alice);
        java.get(answered.run(answered::hangup));
        alice.awaitCallState("ended");
    }

    @Test
    void chatAndTwoMegabyteFilesGoBothWaysByteForByte() throws Exception {
        Person alice = stage.get().person("alice");
        alice.joinRoom("java-data");
        alice.awaitCallState("waiting");
        java = new JavaPeer(ws(), "bot").connect();
        MediaCall call = java.joinCall("java-data");
        alice.awaitConnectedWithVideo();
        alice.waitFor("() => window.parleyApp.call?.remoteState !== null");
        java.await("the browser's device state", () -> call.remoteState() != null);

        alice.page().fill("#chat-text", "Hello Java 👋");
        alice.page().click("#chat-send");
        java.await("the browser's chat", () -> java.events.stream().anyMatch(e -> e instanceof CallEvent.Chat c && c.text().equals("Hello Java 👋")));
        alice.waitFor("() => document.querySelector('#messages li[data-delivered=\"true\"]') !== null");
        String id = java.get(CompletableFuture.supplyAsync(() -> call.chat("Hello browser ☕"), java.parley.loop()));
        alice.waitFor("t => [...document.querySelectorAll('#messages li')].some(li => li.textContent.includes(t))", "Hello browser ☕");
        java.await("the receipt", () -> java.events.contains(new CallEvent.ChatDelivered(id)));

        // Browser to Java: 2 MiB of random bytes, digested on both sides independently.
        String sent = (String) alice.page().evaluate("""
                async () => {
                  const bytes = new Uint8Array(2 * 1024 * 1024 + 333);
                  for (let i = 0; i < bytes.length; i += 65536) crypto.getRandomValues(bytes.subarray(i, i + 65536));
                  window.parleyApp.sendFile(new Blob([bytes]), 'from-browser.bin');
                  const hex = b => Array.from(new Uint8Array(b), x => x.toString(16).padStart(2, '0')).join('');
                  return hex(await crypto.subtle.digest('SHA-256', bytes));
                }""");
        java.await("the browser's file", () -> !java.files.isEmpty() && !java.files.get(0).active());
        FileTransfer in = java.files.get(0);
        assertThat(in.status()).isEqualTo(FileTransfer.Status.DONE);
        assertThat(in.name()).isEqualTo("from-browser.bin");
        assertThat(in.content()).hasSize(2 * 1024 * 1024 + 333);
        assertThat(sha256(in.content())).isEqualTo(sent).isEqualTo(in.sha256());

        // Java to browser.
        byte[] bytes = new byte[2 * 1024 * 1024 + 777];
        new SecureRandom().nextBytes(bytes);
        FileTransfer out = java.get(CompletableFuture.supplyAsync(() -> call.sendFile("from-java.bin", "application/octet-stream", bytes),
                java.parley.loop()));
        java.await("the browser's check", () -> out.status() == FileTransfer.Status.DONE);
        @SuppressWarnings("unchecked")
        Map<String, Object> received = (Map<String, Object>) alice.page().evaluate("""
                async () => {
                  const t = [...window.parleyApp.call.link.data.transfers.values()].find(t => t.name === 'from-java.bin');
                  const buffer = await t.blob.arrayBuffer();
                  const hex = b => Array.from(new Uint8Array(b), x => x.toString(16).padStart(2, '0')).join('');
                  return { size: buffer.byteLength, sha256: hex(await crypto.subtle.digest('SHA-256', buffer)), state: t.state };
                }""");
        assertThat(received).containsEntry("size", bytes.length).containsEntry("state", "done").containsEntry("sha256", sha256(bytes));
        alice.screenshot("java-peer-chat-and-files");
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
