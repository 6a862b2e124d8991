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
 * the parts a 2026-07-28 retry adds or changes, in a canonical form (object members sorted, no
 * whitespace), so the retry of a request digests like the request and any other request does not.
 *
 * <p>What a retry may change is {@code inputResponses}, {@code requestState}, and in {@code _meta}
 * only the protocol's own per-request envelope ({@code io.modelcontextprotocol/*}), the {@code
 * progressToken} and the trace context ({@code traceparent}, {@code tracestate}, {@code baggage}).
 * Every other {@code _meta} member is bound: a tool may read it, so swapping it on the retry would
 * change what an approved call does.
 *
 * <p>A member repeated in one object is digested with every value it has, in the order written:
 * parsers disagree on which of two values counts (the last here, the first elsewhere), so a retry
 * whose repeated member had another first value would otherwise digest like its request and run
 * differently upstream.
 */
public final class RequestDigest {
  private static final Set<String> RETRY_PARTS = Set.of("inputResponses", "requestState");
  private static final Set<String> META_PER_REQUEST =
      Set.of("progressToken", "traceparent", "tracestate", "baggage");
  private static final String PROTOCOL_META = "io.modelcontextprotocol/";

  /** Stands for JSON {@code null} in the parsed tree (a map holds no nulls in our use). */
  private static final Object NULL = new Object();

  private RequestDigest() {}

  /**
   * The digest of the JSON-RPC request in {@code body}.
   *
   * @throws IllegalArgumentException when {@code body} is not one JSON object
   */
  public static byte[] of(byte[] body) {
    List<Object> methods = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    try (JsonParser p = Json.parser(body, 0, body.length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("not a JSON object");
      }
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if ("method".equals(field) && value == JsonToken.VALUE_STRING) {
          methods.add(p.getString());
        } else if ("params".equals(field)) {
          params.add(read(p, Level.PARAMS));
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
      // one method and one params (the request EnvelopeScanner lets through) as [method, params]
      write(g, methods.isEmpty() ? List.<Object>of("") : methods, true);
      write(
          g,
          params.isEmpty() ? List.<Object>of(new TreeMap<String, List<Object>>()) : params,
          true);
      g.writeEndArray();
    }
    return sha.digest();
  }

  /** Where in the request an object is: what of it a retry may change. */
  private enum Level {
    PARAMS,
    META,
    INNER
  }

  private static Object read(JsonParser p, Level level) {
    return switch (p.currentToken()) {
      case START_OBJECT -> {
        Map<String, List<Object>> members = new TreeMap<>();
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
          String name = p.currentName();
          p.nextToken();
          if (retryMay(level, name)) {
            p.skipChildren();
          } else {
            Level inner = level == Level.PARAMS && "_meta".equals(name) ? Level.META : Level.INNER;
            members.computeIfAbsent(name, n -> new ArrayList<>()).add(read(p, inner));
          }
        }
        if (level == Level.META && members.isEmpty()) {
          yield ABSENT;
        }
        yield members;
      }
      case START_ARRAY -> {
        List<Object> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(read(p, Level.INNER));
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

  /** Whether a retry may change member {@code name} of an object at {@code level}. */
  private static boolean retryMay(Level level, String name) {
    return switch (level) {
      case PARAMS -> RETRY_PARTS.contains(name);
      case META -> name.startsWith(PROTOCOL_META) || META_PER_REQUEST.contains(name);
      case INNER -> false;
    };
  }

  /**
   * A {@code _meta} with nothing bound in it, left out, so a request without one and its retry with
   * only the protocol's envelope digest alike.
   */
  private static final Object ABSENT = new Object();

  /** A number as the client wrote it: a retry repeats the request's bytes, not its value. */
  private record NumberText(String text) {}

  /** Writes {@code values} one after the other, or as one array unless {@code spread}. */
  private static void write(JsonGenerator g, List<Object> values, boolean spread) {
    if (!spread) {
      g.writeStartArray();
    }
    for (Object item : values) {
      write(g, item);
    }
    if (!spread) {
      g.writeEndArray();
    }
  }

  @SuppressWarnings("unchecked")
  private static void write(JsonGenerator g, Object v) {
    if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<String, List<Object>> e : ((Map<String, List<Object>>) m).entrySet()) {
        for (Object value : e.getValue()) {
          if (value != ABSENT) {
            // a repeated member is written once per value: the digest keeps every one
            g.writeName(e.getKey());
            write(g, value);
          }
        }
      }
      g.writeEndObject();
    } else if (v instanceof List<?> l) {
      write(g, (List<Object>) l, false);
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
