package io.gatehouse.gateway;

import static java.util.Objects.requireNonNull;

import io.gatehouse.protocol.JsonRpcMessage;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One MCP message on its way through the gateway: the route, the message (its envelope and its original
 * bytes), the session it belongs to, the caller's headers, and typed attributes filters attach.
 */
public final class McpExchange {
  private final RouteDefinition route;
  private final JsonRpcMessage message;
  private final byte[] body;
  private final SessionToken session;
  private final String sessionId;
  private final UnaryOperator<String> headers;
  private final long startNanos = System.nanoTime();
  private final Map<AttributeKey<?>, Object> attributes = new HashMap<>(8);

  private McpExchange(RouteDefinition route, JsonRpcMessage message, byte[] body, SessionToken session,
      String sessionId, UnaryOperator<String> headers) {
    this.route = requireNonNull(route, "route");
    this.message = requireNonNull(message, "message");
    this.body = requireNonNull(body, "body");
    this.session = session;
    this.sessionId = sessionId;
    this.headers = requireNonNull(headers, "headers");
  }

  /**
   * @param session the opened session, or null for {@code initialize}
   * @param sessionId the caller's session id as sent, or null
   * @param headers looks up a request header by name, case-insensitively; returns null when absent
   */
  public static McpExchange of(RouteDefinition route, JsonRpcMessage message, byte[] body, SessionToken session,
      String sessionId, UnaryOperator<String> headers) {
    return new McpExchange(route, message, body, session, sessionId, headers);
  }

  public RouteDefinition route() {
    return route;
  }

  public JsonRpcMessage message() {
    return message;
  }

  /** The message exactly as received. Do not modify. */
  public byte[] body() {
    return body;
  }

  /** The session, or null while initializing. */
  public SessionToken session() {
    return session;
  }

  /** The caller's session id as sent, or null while initializing. */
  public String sessionId() {
    return sessionId;
  }

  /** A request header, or null. */
  public String header(String name) {
    return headers.apply(name);
  }

  public long startNanos() {
    return startNanos;
  }

  public <T> T attr(AttributeKey<T> key) {
    return key.cast(attributes.get(key));
  }

  public <T> void attr(AttributeKey<T> key, T value) {
    if (value == null) {
      attributes.remove(key);
    } else {
      attributes.put(key, value);
    }
  }
}
