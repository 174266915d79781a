package dev.parley.client.call;

/**
 * What a side says its devices do (the data channel's {@code state} message).
 *
 * @param screenStream the id of the media stream a screen shared beside the camera is in; null when
 *     the screen (if any) goes in place of the camera
 */
public record DeviceState(boolean mic, boolean cam, boolean screen, String screenStream) {
    public static final DeviceState DEFAULT = new DeviceState(true, true, false, null);
}
