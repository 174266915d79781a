package dev.parley.server.socketio;

import dev.parley.protocol.Payload;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.fail;

/**
 * The tests' application: echoes every event back to its sender, refuses a CONNECT whose auth has
 * a {@code refuse} field, and logs what it sees ({@code connected <id> <auth>},
 * {@code event <name> <args>}, {@code disconnected <byClient>}). Events {@code bye} (the server
 * disconnects the socket) and {@code flood} (it emits {@code n} events of 1 KiB) do what they say.
 */
final class EchoApp implements SocketIoApp {
    final LinkedBlockingQueue<String> log = new LinkedBlockingQueue<>();
    /** Pings (non-event packets) each socket may spend before {@link SocketIoListener#ping} says no. */
    volatile int pingBudget = Integer.MAX_VALUE;
    private final AtomicInteger ids = new AtomicInteger();
    /** Sockets in the order they connected. */
    final List<SocketIoSocket> sockets = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public Accepted connected(SocketIoSocket socket, Payload auth) throws ConnectRefused {
        if (auth != null && auth.json().contains("\"refuse\"")) throw new ConnectRefused("refused by test");
        String id = "sock-" + ids.incrementAndGet();
        sockets.add(socket);
        log.add("connected " + id + " " + (auth == null ? "-" : auth.json()));
        AtomicInteger pings = new AtomicInteger();
        return new Accepted(id, new SocketIoListener() {
            @Override
            public void event(String name, List<Payload> args) {
                log.add("event " + name + " " + args.stream().map(Payload::json).toList());
                switch (name) {
                    case "bye" -> socket.disconnect();
                    case "flood" -> {
                        int n = Integer.parseInt(args.get(0).json());
                        Payload kib = new Payload("\"" + "x".repeat(1024) + "\"");
                        for (int i = 0; i < n; i++) socket.emit("flood", List.of(kib));
                    }
                    default -> socket.emit(name, args);
                }
            }

            @Override
            public boolean ping() {
                return pings.incrementAndGet() <= pingBudget;
            }

            @Override
            public void disconnected(boolean byClient) {
                log.add("disconnected " + byClient);
            }
        });
    }

    /** The next log line, waiting up to 5 s. */
    String next() throws InterruptedException {
        String line = log.poll(5, TimeUnit.SECONDS);
        if (line == null) fail("the application saw nothing within 5 s");
        return line;
    }

    /** The next log line that starts with {@code prefix}, skipping others. */
    String next(String prefix) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            String line = next();
            if (line.startsWith(prefix)) return line;
        }
        return fail("no log line starting with " + prefix);
    }
}
