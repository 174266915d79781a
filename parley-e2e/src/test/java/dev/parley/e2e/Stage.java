package dev.parley.e2e;

import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * A test class's Parley server and Chromium, and the people it opened: started once per class
 * ({@code @BeforeAll}), people closed after each test, everything at the end. As a JUnit extension
 * ({@link #extension}) it does that by itself.
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

    /** Both go online under their labels, the caller rings the callee, and the callee's page shows the call. */
    static void ring(Person caller, Person callee) {
        caller.goOnline(caller.label);
        callee.goOnline(callee.label);
        caller.call(callee.label);
        callee.awaitIncomingCallFrom(caller.label);
    }

    /** Registers with {@code @RegisterExtension static final Stage.Extension stage = Stage.extension(...)}. */
    static Extension extension(ServerConfig config, List<String> chromiumArgs) {
        return new Extension(config, chromiumArgs);
    }

    static Extension extension() {
        return extension(ServerConfig.loopback(0), List.of());
    }

    static final class Extension implements org.junit.jupiter.api.extension.BeforeAllCallback,
            org.junit.jupiter.api.extension.AfterEachCallback, org.junit.jupiter.api.extension.AfterAllCallback {
        private final ServerConfig config;
        private final List<String> chromiumArgs;
        private Stage stage;

        private Extension(ServerConfig config, List<String> chromiumArgs) {
            this.config = config;
            this.chromiumArgs = chromiumArgs;
        }

        Stage get() {
            return stage;
        }

        @Override
        public void beforeAll(org.junit.jupiter.api.extension.ExtensionContext context) throws Exception {
            stage = Stage.start(config, chromiumArgs);
        }

        @Override
        public void afterEach(org.junit.jupiter.api.extension.ExtensionContext context) {
            if (stage != null) stage.closePeople();
        }

        @Override
        public void afterAll(org.junit.jupiter.api.extension.ExtensionContext context) {
            if (stage != null) stage.close();
        }
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
