package io.gatehouse.gateway.internal;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.core.net.Cidr;
import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.HeldCallForwarder;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpOutcome;
import io.gatehouse.gateway.PolicyPipeline;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.http.spi.EdgeExchange;
import io.gatehouse.protocol.JsonRpcId;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request to an MCP endpoint, as the gateway answers it: the caller's exchange, the
 * headers every answer carries (CORS), and the outcome, reported to the policies once when the
 * exchange has ended.
 */
final class HttpCall {
  final EdgeExchange edge;
  final RouteDefinition route;
  final HttpHeaders request;
  final PolicyPipeline policies;

  /** Came in at the peer port: another replica forwarded it (decision 21). */
  final boolean fromPeer;

  /**
   * The caller's address: the connection's peer, or on the peer port the address the forwarding
   * replica named ({@link HeldCallForwarder#CLIENT_ADDRESS}); the port is 0 there.
   */
  final InetSocketAddress remote;

  /**
   * Headers the gateway writes itself: constant names and checked values, so Netty's checks are
   * skipped.
   */
  static final DefaultHttpHeadersFactory HEADERS =
      DefaultHttpHeadersFactory.headersFactory().withValidation(false);

  private final HttpHeaders base;
  private McpExchange exchange;
  private boolean reported;
  private long bytesOut;
  private EventStream stream;

  HttpCall(
      EdgeExchange edge,
      RouteDefinition route,
      HttpHeaders request,
      PolicyPipeline policies,
      boolean fromPeer) {
    this.edge = edge;
    this.fromPeer = fromPeer;
    this.remote = fromPeer ? forwardedFor(request) : edge.remoteAddress();
    this.route = route;
    this.request = request;
    this.policies = policies;
    this.base =
        request.contains(HttpHeaderNames.ORIGIN) ? Cors.allow(request, HEADERS.newHeaders()) : null;
  }

  /**
   * The caller's address a peer named. A peer port request without one is refused: judging the
   * forwarding replica's address instead would let address rules pass what they were meant to stop.
   */
  private static InetSocketAddress forwardedFor(HttpHeaders request) {
    String named = request.get(HeldCallForwarder.CLIENT_ADDRESS);
    InetAddress address = named == null ? null : Cidr.address(named.trim());
    if (address == null) {
      throw new GatewayException(
          GatewayErrors.INVALID_REQUEST,
          "a forwarded request must name its caller's address as an IP literal in "
              + HeldCallForwarder.CLIENT_ADDRESS);
    }
    return new InetSocketAddress(address, 0);
  }

  /** The exchange the policies see, once there is one. */
  void exchange(McpExchange ex) {
    this.exchange = ex;
  }

  McpExchange exchange() {
    return exchange;
  }

  /** A request header, or null; a field sent on several lines is one value, the lines joined. */
  String header(String name) {
    return combined(request, name);
  }

  /**
   * {@code name}'s value with all its lines joined by {@code ", "} (RFC 9110 §5.3), so a proxy that
   * adds a line of its own instead of appending is read whole; null when absent.
   */
  static String combined(HttpHeaders headers, String name) {
    String first = headers.get(name);
    if (first == null) {
      return null;
    }
    List<String> lines = headers.getAll(name);
    return lines.size() == 1 ? first : String.join(", ", lines);
  }

  HttpHeaders answerHeaders(Map<String, String> extra) {
    HttpHeaders h = HEADERS.newHeaders();
    if (base != null) {
      h.add(base);
    }
    if (exchange != null) {
      Map<String, String> added = exchange.responseHeaders();
      if (!added.isEmpty()) {
        added.forEach(h::set);
      }
    }
    if (!extra.isEmpty()) {
      extra.forEach(h::set);
    }
    return h;
  }

  void json(int status, byte[] json, Map<String, String> extra) {
    HttpHeaders h = answerHeaders(extra).set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    bytesOut += json.length;
    edge.respond(HttpResponseStatus.valueOf(status), h, Unpooled.wrappedBuffer(json));
  }

  /** Answers with a complete event stream: {@code events}, then the end. */
  void event(int status, byte[] events, Map<String, String> extra) {
    HttpHeaders h = EventStream.headers(answerHeaders(extra));
    bytesOut += events.length;
    edge.respond(HttpResponseStatus.valueOf(status), h, Unpooled.wrappedBuffer(events));
  }

  void empty(int status, Map<String, String> extra) {
    edge.respond(HttpResponseStatus.valueOf(status), answerHeaders(extra), Unpooled.EMPTY_BUFFER);
  }

  /** Refuses with {@code key}'s own status and a JSON-RPC error body; reports the outcome. */
  void refuse(ErrorKey key, String message, JsonRpcId id, Map<String, String> extra) {
    json(key.httpStatus(), RpcErrors.body(id, key, message), extra);
    report(key.httpStatus(), key, false, 0);
  }

  void refuse(GatewayException e) {
    refuse(e.error(), e.getMessage(), e.id(), Map.of());
  }

  EventStream openStream(Map<String, String> extra, Duration keepAlive) {
    stream = new EventStream(edge, answerHeaders(extra), keepAlive);
    return stream;
  }

  /**
   * Counts {@code n} bytes of answer that went to the caller another way than this call's own
   * answer: a legacy caller's answers go out on its one stream.
   */
  void sentElsewhere(int n) {
    bytesOut += n;
  }

  /**
   * Tells the policies what the caller saw, with what the upstream answered and how many bytes went
   * out; only the first report counts.
   */
  void report(int status, ErrorKey error, boolean streamed, int events) {
    if (!reported && exchange != null) {
      reported = true;
      long bytes = stream == null ? bytesOut : bytesOut + stream.written();
      McpExchange ex = exchange;
      policies.complete(
          ex,
          new McpOutcome(
              status, error, streamed, events, ex.upstreamStatus(), ex.upstreamNanos(), bytes));
    }
  }
}
