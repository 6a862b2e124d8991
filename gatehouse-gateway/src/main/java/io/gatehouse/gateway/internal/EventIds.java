package io.gatehouse.gateway.internal;

import io.gatehouse.protocol.EnvelopeScanner;
import io.gatehouse.protocol.JsonRpcId;
import io.gatehouse.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The gateway's SSE event ids: {@code g<stream>.<n>}, then {@code ~<request id>} on the stream of a
 * request (base64url of the id's JSON), then {@code :<upstream id>} when the event came with one.
 * So any replica can resume a stream from the upstream, and knows which request's answer it is
 * waiting for.
 */
final class EventIds {
  /**
   * What an event id says: the upstream's id and the request whose stream it was on; either may be
   * null.
   */
  record Parsed(String upstreamId, JsonRpcId requestId) {}

  private EventIds() {}

  static String of(String streamKey, long seq, JsonRpcId requestId, String upstreamId) {
    StringBuilder sb = new StringBuilder(48).append('g').append(streamKey).append('.').append(seq);
    if (requestId != null) {
      sb.append('~')
          .append(
              Base64.getUrlEncoder()
                  .withoutPadding()
                  .encodeToString(requestId.toJson().getBytes(StandardCharsets.UTF_8)));
    }
    if (upstreamId != null && !upstreamId.isEmpty()) {
      sb.append(':').append(upstreamId);
    }
    return sb.toString();
  }

  static Parsed parse(String eventId) {
    if (eventId == null || !eventId.startsWith("g")) {
      return new Parsed(null, null);
    }
    int colon = eventId.indexOf(':');
    String own = colon < 0 ? eventId : eventId.substring(0, colon);
    String upstream =
        colon < 0 || colon == eventId.length() - 1 ? null : eventId.substring(colon + 1);
    int tilde = own.indexOf('~');
    return new Parsed(upstream, tilde < 0 ? null : requestId(own.substring(tilde + 1)));
  }

  private static JsonRpcId requestId(String encoded) {
    try {
      byte[] json = Base64.getUrlDecoder().decode(encoded);
      String probe =
          "{\"jsonrpc\":\"2.0\",\"id\":"
              + new String(json, StandardCharsets.UTF_8)
              + ",\"result\":{}}";
      return EnvelopeScanner.scan(probe.getBytes(StandardCharsets.UTF_8)).id();
    } catch (IllegalArgumentException | ProtocolException e) {
      return null;
    }
  }
}
