package dev.parley.server.dialect;

import dev.parley.core.Hub;
import dev.parley.server.dialect.DialectSession.Closing;
import dev.parley.server.net.ConnectionGuards;
import dev.parley.server.net.Connections;
import dev.parley.server.net.OwnNames;
import dev.parley.server.net.TextSocketHandler;
import io.netty.util.concurrent.EventExecutorGroup;

/**
 * A seed 003 page's WebSocket in the pipeline: the transport ({@link TextSocketHandler}) under the
 * page's {@link Seed003Dialect}, whose session it opens once upgraded. Its hooks run on the
 * handler's executor, one at a time: the session's inbound sequence.
 */
final class Seed003Socket extends TextSocketHandler implements Seed003Dialect.Wire {
    private final Hub hub;
    private final Seed003Dialect dialect;

    Seed003Socket(Hub hub, String name, String token, int maxFrameBytes, Connections connections, ConnectionGuards guards,
                  OwnNames names, EventExecutorGroup threads) {
        super(connections, guards, names, maxFrameBytes, threads);
        this.hub = hub;
        this.dialect = new Seed003Dialect(name, token, this, Seed003Names.of(hub));
    }

    @Override
    protected void opened(Upgrade upgrade) {
        dialect.start(DialectSession.open(hub, dialect, upgrade.remote(), upgrade.host(), upgrade.slot()));
    }

    @Override
    protected void text(String text) {
        dialect.onText(text);
    }

    @Override
    protected void binary() {
        dialect.binary();
    }

    @Override
    protected boolean ping() {
        return dialect.session() == null || dialect.session().ping();
    }

    @Override
    protected void ended() {
        dialect.ended();
    }

    @Override
    public void close(Closing how, String reason) {
        switch (how) {
            case POLICY -> closeForPolicy(reason);
            case REPLACED -> closeReplaced(reason);
            case TRY_AGAIN_LATER -> closeTryAgainLater(reason);
        }
    }
}
