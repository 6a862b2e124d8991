package io.gatehouse.protocol;

import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reads the envelope of one JSON-RPC message in a single streaming pass: it checks the JSON is well
 * formed and is a JSON-RPC 2.0 request, notification or response, and picks out what routing needs
 * ({@link JsonRpcMessage}). It never builds a tree; nested values are skipped token by token.
 */
public final class EnvelopeScanner {
  private EnvelopeScanner() {}

  public static JsonRpcMessage scan(byte[] bytes) {
    return scan(bytes, 0, bytes.length);
  }

  /**
   * @throws ProtocolException with {@code -32700} when the bytes are not JSON, {@code -32600} when
   *     the JSON is not a single JSON-RPC 2.0 message (batches were removed in MCP 2025-06-18)
   */
  public static JsonRpcMessage scan(byte[] bytes, int offset, int length) {
    try (JsonParser p = Json.parser(bytes, offset, length)) {
      JsonToken first = p.nextToken();
      if (first == JsonToken.START_ARRAY) {
        p.skipChildren();
        requireEnd(p);
        throw invalid(
            "batch messages are not supported (JSON-RPC batching was removed in MCP 2025-06-18)",
            null);
      }
      if (first == null) {
        throw new ProtocolException(
            JsonRpcErrors.PARSE_ERROR, "malformed JSON: the body is empty", null);
      }
      if (first != JsonToken.START_OBJECT) {
        p.skipChildren();
        requireEnd(p);
        throw invalid("a JSON-RPC message must be a JSON object", null);
      }
      Fields f = readObject(p);
      requireEnd(p);
      return f.toMessage();
    } catch (JacksonException e) {
      throw new ProtocolException(
          JsonRpcErrors.PARSE_ERROR, "malformed JSON: " + e.getOriginalMessage(), null);
    }
  }

  private static void requireEnd(JsonParser p) {
    if (p.nextToken() != null) {
      throw new ProtocolException(
          JsonRpcErrors.PARSE_ERROR, "malformed JSON: data after the end of the message", null);
    }
  }

  private static Fields readObject(JsonParser p) {
    Fields f = new Fields();
    for (String field = p.nextName(); field != null; field = p.nextName()) {
      JsonToken value = p.nextToken();
      f.once(field);
      switch (field) {
        case "jsonrpc" ->
            f.versionOk = value == JsonToken.VALUE_STRING && "2.0".equals(p.getString());
        case "id" -> f.readId(p, value);
        case "method" -> f.readMethod(p, value);
        case "params" -> f.readParams(p, value);
        case "result" -> {
          f.hasResult = true;
          p.skipChildren();
        }
        case "error" -> {
          f.hasError = true;
          p.skipChildren();
        }
        default -> p.skipChildren();
      }
    }
    return f;
  }

  static ProtocolException invalid(String message, JsonRpcId id) {
    return new ProtocolException(JsonRpcErrors.INVALID_REQUEST, message, id);
  }

  /** Reads a string or integer id-like value; anything else yields null and a problem. */
  static JsonRpcId idValue(JsonParser p, JsonToken value) {
    return switch (value) {
      case VALUE_STRING -> JsonRpcId.of(p.getString());
      case VALUE_NUMBER_INT -> new JsonRpcId(p.getText(), true);
      default -> {
        p.skipChildren();
        yield null;
      }
    };
  }

  /** The members seen so far; turned into a message (or a precise complaint) at the end. */
  private static final class Fields {
    boolean versionOk;
    boolean idPresent;
    JsonRpcId id;
    String method;
    String paramName;
    String paramUri;
    int seen;
    int seenInParams;
    JsonRpcId progressToken;
    JsonRpcId cancelledRequestId;
    String protocolVersion;
    String metaProtocolVersion;
    boolean hasResult;
    boolean hasError;
    String problem;

    static String skip(JsonParser p) {
      p.skipChildren();
      return null;
    }

    private static final List<String> TOP =
        List.of("jsonrpc", "id", "method", "params", "result", "error");
    private static final List<String> IN_PARAMS = List.of("name", "uri");

    /**
     * Refuses a repeated member that routing or policy decisions read: parsers disagree on which of
     * two values counts, so a checked name and the one the upstream acts on could differ.
     */
    void once(String field) {
      int bit = TOP.indexOf(field);
      if (bit >= 0) {
        if ((seen & (1 << bit)) != 0) {
          fail("the member '" + field + "' appears twice");
        }
        seen |= 1 << bit;
      }
    }

    private void onceInParams(String field) {
      int bit = IN_PARAMS.indexOf(field);
      if ((seenInParams & (1 << bit)) != 0) {
        fail("the member 'params." + field + "' appears twice");
      }
      seenInParams |= 1 << bit;
    }

    /** {@code params.uri} for resource methods, {@code params.name} for everything else. */
    String name() {
      boolean byUri =
          method != null
              && (method.startsWith("resources/") || method.startsWith("notifications/resources/"));
      return byUri ? paramUri : paramName;
    }

    String fail(String message) {
      if (problem == null) {
        problem = message;
      }
      return null;
    }

    void readMethod(JsonParser p, JsonToken value) {
      if (value == JsonToken.VALUE_STRING) {
        method = p.getString();
      } else {
        p.skipChildren();
        fail("method must be a string");
      }
    }

    void readId(JsonParser p, JsonToken value) {
      idPresent = true;
      if (value == JsonToken.VALUE_NULL) {
        return;
      }
      id = idValue(p, value);
      if (id == null) {
        fail("id must be a string or an integer");
      }
    }

    void readParams(JsonParser p, JsonToken value) {
      if (value == JsonToken.START_ARRAY) {
        p.skipChildren();
      } else if (value != JsonToken.START_OBJECT) {
        p.skipChildren();
        fail("params must be an object or an array");
      } else {
        readParamsObject(p);
      }
    }

    private void readParamsObject(JsonParser p) {
      for (String field = p.nextName(); field != null; field = p.nextName()) {
        JsonToken value = p.nextToken();
        switch (field) {
          case "name", "uri" -> {
            onceInParams(field);
            if (value == JsonToken.VALUE_STRING) {
              if (field.equals("name")) {
                paramName = p.getString();
              } else {
                paramUri = p.getString();
              }
            } else {
              p.skipChildren();
            }
          }
          case "requestId" -> cancelledRequestId = idValue(p, value);
          case "progressToken" -> progressToken = idValue(p, value);
          case "protocolVersion" ->
              protocolVersion = value == JsonToken.VALUE_STRING ? p.getString() : skip(p);
          case "_meta" -> readMeta(p, value);
          default -> p.skipChildren();
        }
      }
    }

    private void readMeta(JsonParser p, JsonToken value) {
      if (value != JsonToken.START_OBJECT) {
        p.skipChildren();
        return;
      }
      for (String field = p.nextName(); field != null; field = p.nextName()) {
        JsonToken v = p.nextToken();
        if ("progressToken".equals(field)) {
          progressToken = idValue(p, v);
        } else if (ProtocolVersions.META_KEY.equals(field) && v == JsonToken.VALUE_STRING) {
          metaProtocolVersion = p.getString();
        } else {
          p.skipChildren();
        }
      }
    }

    JsonRpcMessage toMessage() {
      if (!versionOk) {
        throw invalid("jsonrpc must be \"2.0\"", id);
      }
      if (problem != null) {
        throw invalid(problem, id);
      }
      if (method != null) {
        if (hasResult || hasError) {
          throw invalid("a message cannot carry both method and result/error", id);
        }
        if (!idPresent) {
          return new JsonRpcMessage(
              MessageKind.NOTIFICATION,
              null,
              method,
              name(),
              progressToken,
              cancelledRequestId,
              false,
              null,
              metaProtocolVersion);
        }
        if (id == null) {
          throw invalid("a request id must not be null", null);
        }
        return new JsonRpcMessage(
            MessageKind.REQUEST,
            id,
            method,
            name(),
            progressToken,
            cancelledRequestId,
            false,
            protocolVersion,
            metaProtocolVersion);
      }
      if (hasResult == hasError) {
        throw invalid("a message needs a method, or exactly one of result and error", id);
      }
      if (!idPresent || (id == null && hasResult)) {
        throw invalid("a response needs the id of its request", null);
      }
      return new JsonRpcMessage(MessageKind.RESPONSE, id, null, null, null, null, hasError, null);
    }
  }
}
