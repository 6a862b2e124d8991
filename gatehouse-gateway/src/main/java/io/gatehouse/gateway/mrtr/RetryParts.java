package io.gatehouse.gateway.mrtr;

import io.gatehouse.protocol.Json;
import io.gatehouse.protocol.ModernProtocol;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * What {@link InputRetry} reads of a 2026-07-28 request, in one streaming pass over {@code params}:
 * whether the client declared URL elicitation, the {@code requestState}, and the {@code action} of
 * each answer to Gatehouse's own input requests.
 *
 * @param urlElicitation {@code _meta["io.modelcontextprotocol/clientCapabilities"].elicitation.url}
 *     is an object
 * @param requestState the echoed state, or null
 * @param actions the answers to {@code gatehouse.*} keys (as parsed, escapes decoded) by purpose:
 *     their {@code action}, {@code ""} when they have none or are no object
 */
record RetryParts(boolean urlElicitation, String requestState, Map<String, String> actions) {
  private static final String[] URL_ELICITATION = {
    ModernProtocol.META_CLIENT_CAPABILITIES, "elicitation", "url"
  };

  static RetryParts read(byte[] body) {
    boolean url = false;
    String state = null;
    Map<String, String> actions = new LinkedHashMap<>();
    try (JsonParser p = Json.parser(body, 0, body.length)) {
      if (p.nextToken() != JsonToken.START_OBJECT || !enter(p, "params")) {
        return new RetryParts(false, null, Map.of());
      }
      for (String f = p.nextName(); f != null; f = p.nextName()) {
        JsonToken t = p.nextToken();
        if ("_meta".equals(f) && t == JsonToken.START_OBJECT) {
          url = path(p, 0);
        } else if ("requestState".equals(f) && t == JsonToken.VALUE_STRING) {
          state = p.getString();
        } else if ("inputResponses".equals(f) && t == JsonToken.START_OBJECT) {
          answers(p, actions);
        } else {
          p.skipChildren();
        }
      }
    } catch (JacksonException e) {
      return new RetryParts(false, null, Map.of());
    }
    return new RetryParts(url, state, Map.copyOf(actions));
  }

  /** Moves into the object member {@code name} of the object {@code p} is in; false if none. */
  private static boolean enter(JsonParser p, String name) {
    for (String f = p.nextName(); f != null; f = p.nextName()) {
      if (p.nextToken() == JsonToken.START_OBJECT && name.equals(f)) {
        return true;
      }
      p.skipChildren();
    }
    return false;
  }

  /** Inside an object at {@code depth} of the capability path: whether the rest is there. */
  private static boolean path(JsonParser p, int depth) {
    boolean found = false;
    for (String f = p.nextName(); f != null; f = p.nextName()) {
      JsonToken t = p.nextToken();
      if (!found && URL_ELICITATION[depth].equals(f) && t == JsonToken.START_OBJECT) {
        found = depth == URL_ELICITATION.length - 1 || path(p, depth + 1);
        if (depth == URL_ELICITATION.length - 1) {
          p.skipChildren();
        }
      } else {
        p.skipChildren();
      }
    }
    return found;
  }

  private static void answers(JsonParser p, Map<String, String> actions) {
    for (String key = p.nextName(); key != null; key = p.nextName()) {
      JsonToken t = p.nextToken();
      if (!key.startsWith(InputRequest.KEY_PREFIX)) {
        p.skipChildren();
        continue;
      }
      // any value under a key of ours is an answer, so it is checked and never relayed
      String action = "";
      if (t != JsonToken.START_OBJECT) {
        p.skipChildren();
      }
      for (String f = t == JsonToken.START_OBJECT ? p.nextName() : null;
          f != null;
          f = p.nextName()) {
        if (p.nextToken() == JsonToken.VALUE_STRING && "action".equals(f)) {
          action = p.getString();
        } else {
          p.skipChildren();
        }
      }
      actions.put(key.substring(InputRequest.KEY_PREFIX.length()), action);
    }
  }
}
