import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * One client's allocation over its {@link Link}: long-term credentials (the first request draws 401
 * with REALM and NONCE, RFC 8489 §9.2), Allocate for UDP, CreatePermission and ChannelBind to the echo
 * peer (RFC 8656 §7, §9, §11), and a Refresh with LIFETIME 0 to give it back.
 */
final class TurnSession {
    static final int CHANNEL = 0x4000;
    private static final int UDP = 17 << 24; // REQUESTED-TRANSPORT: protocol, then 3 reserved bytes
    private static final int STALE_NONCE_RETRIES = 3;

    private final Link link;
    private final String user, password;
    /** Guarded by being used from one thread (the setup, then the release). */
    private String realm, nonce;
    private byte[] key;
    private InetSocketAddress relayed;
    private int staleNonces;

    TurnSession(Link link, String user, String password) {
        this.link = link;
        this.user = user;
        this.password = password;
    }

    InetSocketAddress relayed() { return relayed; }

    /** How many 438 (Stale Nonce) answers were retried with the new nonce. */
    int staleNonces() { return staleNonces; }

    /** Allocates, permits {@code peer} and binds {@link #CHANNEL} to it; fails with one line. */
    void open(InetSocketAddress peer) throws LoadFailure, IOException {
        byte[] tx = Stun.newTransactionId();
        Stun.Message first = link.exchange(
                new Stun.Builder(Stun.ALLOCATE, tx).u32(Stun.REQUESTED_TRANSPORT, UDP).build(null), tx);
        if (first == null) throw new LoadFailure("no answer to Allocate from the server in 3 s");
        if (first.isSuccess()) throw new LoadFailure("the server allocated without credentials");
        if (first.errorCode() != 401 || first.text(Stun.REALM) == null || first.text(Stun.NONCE) == null)
            throw new LoadFailure("Allocate without credentials: expected 401 with REALM and NONCE, got "
                    + describe(first));
        realm = first.text(Stun.REALM);
        nonce = first.text(Stun.NONCE);
        key = Stun.longTermKey(user, realm, password);

        Stun.Message allocated = authenticated(Stun.ALLOCATE, "Allocate", b -> b.u32(Stun.REQUESTED_TRANSPORT, UDP));
        relayed = allocated.xorAddress(Stun.XOR_RELAYED_ADDRESS);
        if (relayed == null) throw new LoadFailure("Allocate success without XOR-RELAYED-ADDRESS");
        authenticated(Stun.CREATE_PERMISSION, "CreatePermission",
                b -> b.xorAddress(Stun.XOR_PEER_ADDRESS, peer, b.txid()));
        authenticated(Stun.CHANNEL_BIND, "ChannelBind",
                b -> b.u32(Stun.CHANNEL_NUMBER, CHANNEL << 16).xorAddress(Stun.XOR_PEER_ADDRESS, peer, b.txid()));
    }

    /** Deletes the allocation (Refresh, LIFETIME 0); false when the server did not confirm it. */
    boolean release() {
        try {
            authenticated(Stun.REFRESH, "Refresh", b -> b.u32(Stun.LIFETIME, 0));
            return true;
        } catch (LoadFailure | IOException e) {
            return false;
        }
    }

    private Stun.Message authenticated(int method, String name, Consumer<Stun.Builder> attributes)
            throws LoadFailure, IOException {
        for (int attempt = 0; attempt <= STALE_NONCE_RETRIES; attempt++) {
            byte[] tx = Stun.newTransactionId();
            Stun.Builder b = new Stun.Builder(method, tx)
                    .text(Stun.USERNAME, user).text(Stun.REALM, realm).text(Stun.NONCE, nonce);
            attributes.accept(b);
            Stun.Message answer = link.exchange(b.build(key), tx);
            if (answer == null) throw new LoadFailure("no answer to " + name + " in 3 s");
            if (answer.isSuccess()) return answer;
            int code = answer.errorCode();
            if (code == 438 && answer.text(Stun.NONCE) != null) { // stale nonce: the new one comes along
                nonce = answer.text(Stun.NONCE);
                staleNonces++;
                if (answer.text(Stun.REALM) != null && !answer.text(Stun.REALM).equals(realm)) {
                    realm = answer.text(Stun.REALM);
                    key = Stun.longTermKey(user, realm, password);
                }
                continue;
            }
            if (code == 401) throw new LoadFailure("401 after credentials to " + name + " (user " + user + ")");
            throw new LoadFailure(name + " failed: " + describe(answer));
        }
        throw new LoadFailure(name + ": 438 stale nonce " + (STALE_NONCE_RETRIES + 1) + " times in a row");
    }

    private static String describe(Stun.Message m) {
        if (m.isError()) return m.errorCode() + " " + m.errorReason();
        return String.format("message type 0x%04x", m.type());
    }
}
