package dev.parley.server.dialect;

/**
 * What a seed 003 page is told in words: the {@code msg} of a {@code call_back} from {@link #SYSTEM}
 * (the page shows it with {@code alert}, then hangs up) or of a {@code hangup} (the page logs it).
 * The seed's own texts where it has them; the others in its style.
 */
final class Seed003Texts {
    private Seed003Texts() {}

    /** The sender of the server's own call_back messages (the seed's). */
    static final String SYSTEM = "系统消息";

    // call_back from SYSTEM, to a page whose call_start did not ring anyone (or no longer rings)
    /** The seed's: the name is not online (or cannot be a name), or went offline while rung. */
    static final String OFFLINE = "Sorry,呼叫的用户不在线!";
    /** The other is in a call (ringing or active). */
    static final String BUSY = "Sorry,对方正在通话中!";
    /** Nobody answered within the call timeout. */
    static final String NO_ANSWER = "Sorry,对方无应答!";
    /** call_start to the page's own name. */
    static final String SELF = "Sorry,不能呼叫自己!";
    /** call_start to someone else while in a call. */
    static final String IN_CALL = "Sorry,您正在通话中!";
    /** Token mode, and the page's token has no call right. */
    static final String FORBIDDEN = "Sorry,您没有呼叫权限!";
    /** Rate-limited, the cluster's state out of reach, or the server failed. */
    static final String TRY_LATER = "Sorry,服务器繁忙,请稍后再试!";

    // hangup, to a page in a call or being rung
    /** The seed's: the other hung up (or, while it rang, gave up). */
    static final String HUNG_UP = "对方挂断!";
    /** The other's connection ended. */
    static final String DISCONNECTED = "对方已断开连接!";
    /** This page did not answer within the call timeout. */
    static final String TIMED_OUT = "未接听,呼叫已超时!";
}
