package dev.parley.android.sample;

import android.content.Context;
import android.graphics.Color;
import android.text.InputType;
import android.view.Gravity;
import android.view.View;
import android.view.ViewGroup;
import android.widget.Button;
import android.widget.EditText;
import android.widget.FrameLayout;
import android.widget.LinearLayout;
import android.widget.TextView;
import org.webrtc.SurfaceViewRenderer;

/**
 * The call screen's views, laid out in code: the remote video filling the screen, the local preview
 * in a corner over it, and a bar with the room name, Join, Leave and a status line. (In code rather
 * than a layout resource because no resource compiler can be had on the machines this is built and
 * tested on: the layout Robolectric checks is then the one the app shows.)
 */
final class CallScreen {
    final FrameLayout root;
    final SurfaceViewRenderer remoteVideo;
    final SurfaceViewRenderer localVideo;
    final EditText room;
    final Button join;
    final Button leave;
    final TextView status;

    CallScreen(Context context) {
        root = new FrameLayout(context);
        root.setBackgroundColor(Color.BLACK);

        remoteVideo = new SurfaceViewRenderer(context);
        remoteVideo.setVisibility(View.INVISIBLE);
        root.addView(remoteVideo, new FrameLayout.LayoutParams(ViewGroup.LayoutParams.MATCH_PARENT, ViewGroup.LayoutParams.MATCH_PARENT));

        localVideo = new SurfaceViewRenderer(context);
        localVideo.setZOrderMediaOverlay(true); // over the remote video, as seed 000's layout has it
        var corner = new FrameLayout.LayoutParams(dp(context, 120), dp(context, 160), Gravity.TOP | Gravity.END);
        corner.setMargins(dp(context, 16), dp(context, 16), dp(context, 16), dp(context, 16));
        root.addView(localVideo, corner);

        var bar = new LinearLayout(context);
        bar.setOrientation(LinearLayout.VERTICAL);
        bar.setBackgroundColor(0x99000000);
        int pad = dp(context, 12);
        bar.setPadding(pad, pad, pad, pad);

        var controls = new LinearLayout(context);
        controls.setOrientation(LinearLayout.HORIZONTAL);
        room = new EditText(context);
        room.setHint("Room name");
        room.setSingleLine(true);
        room.setInputType(InputType.TYPE_CLASS_TEXT | InputType.TYPE_TEXT_FLAG_NO_SUGGESTIONS);
        room.setTextColor(Color.WHITE);
        room.setHintTextColor(Color.LTGRAY);
        controls.addView(room, new LinearLayout.LayoutParams(0, ViewGroup.LayoutParams.WRAP_CONTENT, 1));
        join = new Button(context);
        join.setText("Join");
        controls.addView(join);
        leave = new Button(context);
        leave.setText("Leave");
        controls.addView(leave);
        bar.addView(controls);

        status = new TextView(context);
        status.setTextColor(Color.WHITE);
        bar.addView(status);

        root.addView(bar, new FrameLayout.LayoutParams(ViewGroup.LayoutParams.MATCH_PARENT, ViewGroup.LayoutParams.WRAP_CONTENT,
                Gravity.BOTTOM));
    }

    private static int dp(Context context, int dp) {
        return Math.round(dp * context.getResources().getDisplayMetrics().density);
    }
}
