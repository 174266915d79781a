package dev.parley.server.dialect.clients;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;

/**
 * Opens a connected client of a kind named in a transcript. {@link #STANDARD} knows the kinds on
 * parley-server's test classpath: "sio2", "sio4" (Node) and "java2"; parley-compat-tests adds "java1"
 * with {@link #orElse}.
 */
@FunctionalInterface
public interface ClientFactory {

    /** Returns null for a kind it does not know. */
    SocketIoClient open(String label, String kind, URI url, JsonNode options);

    ClientFactory STANDARD = (label, kind, url, options) -> switch (kind) {
        case "sio2" -> NodeSocketIoClient.connect(label, 2, url, options);
        case "sio4" -> NodeSocketIoClient.connect(label, 4, url, options);
        case "java2" -> JavaSocketIoClient.connect(label, url, options);
        default -> null;
    };

    default ClientFactory orElse(ClientFactory other) {
        return (label, kind, url, options) -> {
            SocketIoClient client = open(label, kind, url, options);
            return client != null ? client : other.open(label, kind, url, options);
        };
    }

    default SocketIoClient require(String label, String kind, URI url, JsonNode options) {
        SocketIoClient client = open(label, kind, url, options);
        if (client == null) {
            throw new IllegalArgumentException("no client of kind '" + kind + "' on this classpath");
        }
        return client;
    }
}
