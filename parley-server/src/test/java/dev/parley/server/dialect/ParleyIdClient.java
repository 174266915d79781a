package dev.parley.server.dialect;

import dev.parley.server.dialect.clients.ClientFactory;
import dev.parley.server.dialect.clients.Received;
import dev.parley.server.dialect.clients.SocketIoClient;
import java.time.Duration;
import java.util.Optional;

/**
 * A real client on Parley, as a seed's transcript sees it: Parley greets every socket.io client with
 * {@code connectionSuccess(id)} (seed 001's client waits for it; the others ignore it), where the id
 * is the one Parley uses for it in every event. On the seeds' servers that id was the client's own
 * {@code socket.id}; on Parley a socket.io 2 client's {@code socket.id} is its transport's id, which
 * Parley never shows a peer. So the greeting is taken out of the stream here and its id stands for
 * the client in the transcript's {@code {A}} placeholders.
 */
public final class ParleyIdClient implements SocketIoClient {
    public static final ClientFactory FACTORY = (label, kind, url, options) -> {
        SocketIoClient c = ClientFactory.STANDARD.open(label, kind, url, options);
        return c == null ? null : new ParleyIdClient(c);
    };

    private final SocketIoClient client;
    /** The id from the greeting; read and written on the test's thread. */
    private String parleyId;
    /** What came before the greeting while {@link #id} waited for it, still to be polled. */
    private final java.util.ArrayDeque<Received> early = new java.util.ArrayDeque<>();

    public ParleyIdClient(SocketIoClient client) {
        this.client = client;
    }

    @Override
    public Optional<Received> poll(Duration wait) {
        if (!early.isEmpty()) return Optional.of(early.poll());
        Optional<Received> r = client.poll(wait);
        if (r.isPresent() && !r.get().lifecycle() && r.get().event().equals("connectionSuccess")) {
            parleyId = r.get().arg(0).textValue();
            return client.poll(wait);
        }
        return r;
    }

    @Override
    public String id() {
        // The greeting follows the connect; a transcript asks for the id once the client has connected.
        while (parleyId == null) {
            Received r = client.poll(WAIT).orElseThrow(() -> new AssertionError(label() + " was not greeted with connectionSuccess"));
            if (!r.lifecycle() && r.event().equals("connectionSuccess")) parleyId = r.arg(0).textValue();
            else early.add(r);
        }
        return parleyId;
    }

    @Override
    public String label() {
        return client.label();
    }

    @Override
    public String kind() {
        return client.kind();
    }

    @Override
    public String engineId() {
        return client.engineId();
    }

    @Override
    public String transport() {
        return client.transport();
    }

    @Override
    public void emit(String event, Object... args) {
        client.emit(event, args);
    }

    @Override
    public void emitJson(String event, String... jsonArgs) {
        client.emitJson(event, jsonArgs);
    }

    @Override
    public void disconnect() {
        client.disconnect();
    }

    @Override
    public void drop() {
        client.drop();
    }

    @Override
    public String diagnostics() {
        return client.diagnostics();
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return client.toString();
    }
}
