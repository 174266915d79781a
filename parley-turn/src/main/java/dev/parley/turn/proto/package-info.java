/**
 * TURN (RFC 8656) attributes and framing, one file each with the section it implements. Values are
 * the attribute bodies without the four-byte header; {@link dev.parley.turn.stun.StunMessageBuilder}
 * adds headers and padding.
 */
package dev.parley.turn.proto;
