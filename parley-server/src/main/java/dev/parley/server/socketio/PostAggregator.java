package dev.parley.server.socketio;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;

/**
 * Aggregates POSTs to the endpoint up to the payload limit (a frame's worth: an offer with its ICE
 * candidates passes); every other request passes by untouched to the listener's own aggregator and
 * its smaller limit. Over the limit: Netty's 413, and the session (whose client's transport fails on
 * it) ends. Event-loop confined.
 */
final class PostAggregator extends HttpObjectAggregator {
    private final SocketIoServer server;
    /** Whether the request being read is a POST to the endpoint. */
    private boolean mine;
    /** That request's session id, for an oversized body. */
    private String sid;

    PostAggregator(SocketIoServer server) {
        super(server.settings().maxPayloadBytes());
        this.server = server;
    }

    @Override
    public boolean acceptInboundMessage(Object msg) throws Exception {
        if (msg instanceof HttpRequest request) {
            mine = false;
            if (request.method().equals(HttpMethod.POST)) {
                var uri = new QueryStringDecoder(request.uri());
                mine = uri.path().equals(SocketIoServer.PATH);
                List<String> sids = uri.parameters().get("sid");
                sid = mine && sids != null && !sids.isEmpty() ? sids.get(0) : null;
            }
        }
        return mine && super.acceptInboundMessage(msg);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        server.oversized(sid);
        super.handleOversizedMessage(ctx, oversized);
    }
}
