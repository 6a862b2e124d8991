package io.gatehouse.gateway.mrtr;

import io.gatehouse.protocol.Json;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The digest a {@link RequestState} binds: SHA-256 over a request's method and its params without
 * the parts a 2026-07-28 retry adds or changes ({@code _meta}, {@code inputResponses}, {@code
 * requestState}), in a canonical form (object members sorted, no whitespace), so the retry of a
 * request digests like the request and any other request does not.
 */
public final class RequestDigest {
  private static final Set<String> RETRY_PARTS = Set.of("_meta", "inputResponses", "requestState");

  /** Stands for JSON {@code null} in the parsed tree (a map holds no nulls in our use). */
  private static final Object NULL = new Object();

  private RequestDigest() {}

  /**
   * The digest of the JSON-RPC request in {@code body}.
   *
   * @throws IllegalArgumentException when {@code body} is not one JSON object
   */
  public static byte[] of(byte[] body) {
    String method = "";
    Object params = new TreeMap<String, Object>();
    try (JsonParser p = Json.parser(body, 0, body.length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("not a JSON object");
      }
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if ("method".equals(field) && value == JsonToken.VALUE_STRING) {
          method = p.getString();
        } else if ("params".equals(field)) {
          params = read(p, true);
        } else {
          p.skipChildren();
        }
      }
    } catch (JacksonException e) {
      throw new IllegalArgumentException("not a JSON object", e);
    }
    MessageDigest sha = sha256();
    try (JsonGenerator g =
        Json.generator(new DigestOutputStream(OutputStream.nullOutputStream(), sha))) {
      g.writeStartArray();
      g.writeString(method);
      write(g, params);
      g.writeEndArray();
    }
    return sha.digest();
  }

  private static Object read(JsonParser p, boolean top) {
    return switch (p.currentToken()) {
      case START_OBJECT -> {
        Map<String, Object> members = new TreeMap<>();
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
          String name = p.currentName();
          p.nextToken();
          if (top && RETRY_PARTS.contains(name)) {
            p.skipChildren();
          } else {
            members.put(name, read(p, false));
          }
        }
        yield members;
      }
      case START_ARRAY -> {
        List<Object> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(read(p, false));
        }
        yield items;
      }
      case VALUE_STRING -> p.getString();
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new NumberText(p.getText());
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      default -> NULL;
    };
  }

  /** A number as the client wrote it: a retry repeats the request's bytes, not its value. */
  private record NumberText(String text) {}

  @SuppressWarnings("unchecked")
  private static void write(JsonGenerator g, Object v) {
    if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
        g.writeName(e.getKey());
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof List<?> l) {
      g.writeStartArray();
      for (Object item : l) {
        write(g, item);
      }
      g.writeEndArray();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof NumberText n) {
      g.writeNumber(n.text());
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else {
      g.writeNull();
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JDK", e);
    }
  }
}
