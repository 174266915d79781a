package dev.parley.e2e;

import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * A test class's Parley server and Chromium, and the people it opened: started once per class
 * ({@code @BeforeAll}), people closed after each test, everything at the end.
 */
final class Stage implements AutoCloseable {
    final ParleyServer server;
    final Chromium chromium;
    final String url;
    private final List<Person> people = new ArrayList<>();

    private Stage(ParleyServer server, Chromium chromium, String url) {
        this.server = server;
        this.chromium = chromium;
        this.url = url;
    }

    static Stage start(ServerConfig config, List<String> chromiumArgs) throws Exception {
        ParleyServer server = ParleyServer.start(config);
        try {
            return new Stage(server, new Chromium(chromiumArgs), "http://127.0.0.1:" + server.httpPort() + "/");
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    static Stage start() throws Exception {
        return start(ServerConfig.loopback(0), List.of());
    }

    /** Someone new on the app at {@link #url}, closed by {@link #closePeople}. */
    Person person(String label) {
        Person p = chromium.person(label, url);
        people.add(p);
        return p;
    }

    /** Alice waits in the room, Bob joins, and both see the other's video. */
    static void meet(Person alice, Person bob, String room) {
        alice.joinRoom(room);
        alice.awaitCallState("waiting");
        bob.joinRoom(room);
        alice.awaitConnectedWithVideo();
        bob.awaitConnectedWithVideo();
    }

    void closePeople() {
        people.forEach(Person::close);
        people.clear();
    }

    @Override
    public void close() {
        closePeople();
        chromium.close();
        server.close();
    }
}
