package dev.parley.server.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;

/**
 * Adds HSTS to every HTTPS response when the operator gave a real certificate: browsers then never
 * try plain HTTP for this name again. Not with the generated self-signed certificate, which a
 * browser only takes after a warning (and HSTS would turn that warning into a dead end).
 */
final class StrictTransport extends ChannelOutboundHandlerAdapter {
    /** One year, as HSTS preload lists expect; no includeSubDomains (the operator's other hosts are not ours). */
    static final String VALUE = "max-age=31536000";

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse response) response.headers().set("Strict-Transport-Security", VALUE);
        super.write(ctx, msg, promise);
    }
}
