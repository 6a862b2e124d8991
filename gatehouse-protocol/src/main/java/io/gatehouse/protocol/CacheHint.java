package io.gatehouse.protocol;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The caching fields of a 2026-07-28 result ({@code ttlMs}, {@code cacheScope}; SEP-2549) and where
 * the result's JSON lies in the response, read in one streaming pass.
 *
 * @param ttlMs how long the result may be reused, in milliseconds
 * @param scope {@code public} (any caller, shared caches included) or {@code private}
 * @param resultStart the byte offset where the {@code result} value starts
 * @param resultEnd the byte offset just past its end
 */
public record CacheHint(long ttlMs, String scope, int resultStart, int resultEnd) {

  /** Whether an intermediary may keep the result for every caller. */
  public boolean sharable() {
    return ttlMs > 0 && "public".equals(scope);
  }

  /** The hint of a JSON-RPC result response, or null when it is none or carries no hint. */
  public static CacheHint of(byte[] response) {
    try (JsonParser p = Json.parser(response, 0, response.length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      for (String f = p.nextName(); f != null; f = p.nextName()) {
        JsonToken t = p.nextToken();
        if ("result".equals(f) && t == JsonToken.START_OBJECT) {
          return inResult(p);
        }
        p.skipChildren();
      }
      return null;
    } catch (JacksonException e) {
      return null;
    }
  }

  private static CacheHint inResult(JsonParser p) {
    int start = (int) p.currentTokenLocation().getByteOffset();
    long ttl = -1;
    String scope = null;
    for (String f = p.nextName(); f != null; f = p.nextName()) {
      JsonToken v = p.nextToken();
      if ("ttlMs".equals(f) && v == JsonToken.VALUE_NUMBER_INT) {
        ttl = p.getLongValue();
      } else if ("cacheScope".equals(f) && v == JsonToken.VALUE_STRING) {
        scope = p.getString();
      } else {
        p.skipChildren();
      }
    }
    int end = (int) p.currentLocation().getByteOffset();
    return ttl < 0 || scope == null ? null : new CacheHint(ttl, scope, start, end);
  }
}
