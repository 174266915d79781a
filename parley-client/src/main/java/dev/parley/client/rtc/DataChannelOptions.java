package dev.parley.client.rtc;

/**
 * The W3C's {@code RTCDataChannelInit}, as much of it as Parley uses.
 *
 * @param id the stream id of a channel negotiated out of band; ignored otherwise
 */
public record DataChannelOptions(boolean ordered, boolean negotiated, int id) {
    /** An ordered, reliable channel announced in band (a file's). */
    public static DataChannelOptions reliable() {
        return new DataChannelOptions(true, false, -1);
    }

    /** Both sides open it with this id; nothing announces it. */
    public static DataChannelOptions negotiated(int id) {
        return new DataChannelOptions(true, true, id);
    }
}
