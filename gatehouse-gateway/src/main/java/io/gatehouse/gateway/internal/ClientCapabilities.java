package io.gatehouse.gateway.internal;

import io.gatehouse.protocol.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * What the gateway keeps of a client's {@code initialize} capabilities: whether it takes URL-mode
 * elicitation ({@code params.capabilities.elicitation.url}, MCP 2025-11-25), so the gateway may ask
 * it to open a page of its own. Read in one streaming pass, once per session.
 */
final class ClientCapabilities {
  private static final String[] URL_ELICITATION = {"params", "capabilities", "elicitation", "url"};

  private ClientCapabilities() {}

  /** Whether the initialize request {@code body} declares URL elicitation. */
  static boolean urlElicitation(byte[] body) {
    try (JsonParser p = Json.parser(body, 0, body.length)) {
      return p.nextToken() == JsonToken.START_OBJECT && objectAt(p, 0);
    } catch (JacksonException e) {
      return false;
    }
  }

  /**
   * With {@code p} inside an object at depth {@code depth} of the path: whether the rest is there.
   */
  private static boolean objectAt(JsonParser p, int depth) {
    for (String f = p.nextName(); f != null; f = p.nextName()) {
      JsonToken t = p.nextToken();
      if (URL_ELICITATION[depth].equals(f) && t == JsonToken.START_OBJECT) {
        return depth == URL_ELICITATION.length - 1 || objectAt(p, depth + 1);
      }
      p.skipChildren();
    }
    return false;
  }
}
