package io.gatehouse.hosting;

import io.gatehouse.cluster.Peers;
import io.gatehouse.core.Errors;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.Secret;
import io.gatehouse.http.HttpRequest;
import io.gatehouse.http.HttpResponse;
import io.gatehouse.http.HttpService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Streamable HTTP side of the hosted routes (MCP 2025-11-25, "Streamable HTTP"): POST carries
 * one message (a request is answered on an event stream of its own, with the messages that belong
 * to it before its answer), GET opens the session's stream of the server's own messages, DELETE
 * ends the session. Only callers with the key get in.
 */
final class BridgeService implements HttpService {
  private static final Duration KEEPALIVE = Duration.ofSeconds(15);
  private static final byte[] PING = ": keepalive\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final String SESSION = "Mcp-Session-Id";

  /** What a request forwarded to the session's replica carries, and its answer carries back. */
  private static final List<String> FORWARDED =
      List.of(SESSION, "MCP-Protocol-Version", "Content-Type", "Accept", "Last-Event-ID");

  private final Function<String, RouteHost> hosts;
  private final byte[] key;
  private final Peers peers;
  private final boolean fromPeers;

  /**
   * @param fromPeers serves the peer port: the caller is a replica that forwarded the request (the
   *     peer key is checked before this service), and a session of yet another replica is not
   *     forwarded again
   */
  BridgeService(Function<String, RouteHost> hosts, Secret key, Peers peers, boolean fromPeers) {
    this.hosts = hosts;
    this.key = key.reveal().getBytes(StandardCharsets.UTF_8);
    this.peers = peers;
    this.fromPeers = fromPeers;
  }

  @Override
  public HttpResponse serve(HttpRequest request) throws Exception {
    String sent = request.header(StdioHosting.KEY_HEADER);
    if (!fromPeers
        && (sent == null || !MessageDigest.isEqual(key, sent.getBytes(StandardCharsets.UTF_8)))) {
      throw new GatehouseException(HostingErrors.FORBIDDEN, "HOSTED_FORBIDDEN: no access");
    }
    String session = request.header(SESSION);
    if (fromPeers && (session == null || !peers.self().equals(Peers.owner(session)))) {
      // the peer port continues sessions a replica forwards; it never opens one (nor a process)
      throw new GatehouseException(
          HostingErrors.SESSION_NOT_FOUND,
          "HOSTED_SESSION_NOT_FOUND: the peer port serves only the sessions this replica holds");
    }
    if (peers.isElsewhere(session)) {
      // DESIGN §5: the session's process lives on the replica its id names
      if (fromPeers) {
        throw new GatehouseException(
            HostingErrors.SESSION_NOT_FOUND,
            "HOSTED_SESSION_NOT_FOUND: this replica does not hold the session");
      }
      return peers.forward(Peers.owner(session), request, FORWARDED);
    }
    List<String> segments = request.segments("/_hosted");
    RouteHost host =
        segments != null && segments.size() == 2 && segments.get(1).equals("mcp")
            ? hosts.apply(segments.get(0))
            : null;
    if (host == null) {
      throw new GatehouseException(Errors.NOT_FOUND, "no hosted route at " + request.path());
    }
    return switch (request.method()) {
      case "POST" -> post(host, request);
      case "GET" -> get(host, host.session(request.header(SESSION)));
      case "DELETE" -> {
        host.closeSession(host.session(request.header(SESSION)), true);
        yield HttpResponse.empty(200);
      }
      default ->
          throw new GatehouseException(
              Errors.METHOD_NOT_ALLOWED, request.method() + " (expected: POST, GET or DELETE)");
    };
  }

  private HttpResponse post(RouteHost host, HttpRequest request) {
    JsonNode body;
    try {
      body = Link.JSON.readTree(request.body());
    } catch (RuntimeException e) {
      return HttpResponse.json(
          400, Rpc.error(null, Errors.INVALID_REQUEST, "INVALID_REQUEST: the body is not JSON"));
    }
    if (!(body instanceof ObjectNode m) || !m.has("method") && !m.has("id")) {
      return HttpResponse.json(
          400,
          Rpc.error(
              null,
              Errors.INVALID_REQUEST,
              "INVALID_REQUEST: expected one JSON-RPC message (MCP 2025-11-25 has no batches)"));
    }
    try {
      if ("initialize".equals(m.path("method").asString(""))) {
        if (fromPeers) {
          throw new GatehouseException(
              HostingErrors.SESSION_NOT_FOUND,
              "HOSTED_SESSION_NOT_FOUND: a session starts on the replica the client reached");
        }
        RouteHost.Opened o = host.open(m, principal(request));
        HttpResponse r = HttpResponse.json(200, o.answer());
        return o.session() == null ? r : r.header(SESSION, o.session().id);
      }
      Session s = host.session(request.header(SESSION));
      Link link = host.linkOf(s);
      if (m.has("method") && m.has("id")) {
        return answer(link, s, link.call(s, m));
      }
      if (s.link == null && "notifications/initialized".equals(m.path("method").asString(""))) {
        return HttpResponse.empty(202); // the shared process was told once, when it started
      }
      try {
        link.send(s, m);
      } catch (IOException e) {
        // the process is gone; the next request says so
      }
      return HttpResponse.empty(202);
    } catch (GatehouseException e) {
      // an upstream failure is an MCP answer (the client sees its key); the rest end the exchange
      int status = e.error().isUpstream() && m.has("id") ? 200 : e.error().httpStatus();
      return HttpResponse.json(status, Rpc.error(m.get("id"), e.error(), e.getMessage()));
    }
  }

  /** Who the gateway says is calling ({@link StdioHosting#PRINCIPAL_HEADER}); empty if no one. */
  private static String principal(HttpRequest request) {
    String p = request.header(StdioHosting.PRINCIPAL_HEADER);
    return p == null ? "" : p;
  }

  /** The request's stream: what belongs to it, then its answer. */
  private static HttpResponse answer(Link link, Session s, Link.Waiter w) {
    return HttpResponse.stream(
        200,
        "text/event-stream",
        out -> {
          boolean done = false;
          try {
            while (!done) {
              Outbound o = w.out().poll(KEEPALIVE.toMillis(), TimeUnit.MILLISECONDS);
              if (o == null) {
                out.send(PING);
              } else {
                out.send(o.event());
                done = o.last();
              }
            }
          } finally {
            if (!done) {
              link.abandon(s, w.clientId());
            }
          }
        });
  }

  /** The session's stream of the server's own messages, until the session ends or a new GET. */
  private static HttpResponse get(RouteHost host, Session s) {
    long stream = s.openGetStream();
    return HttpResponse.stream(
        200,
        "text/event-stream",
        out -> {
          out.send(PING);
          while (true) {
            Outbound o = s.toGet.pollFirst(KEEPALIVE.toMillis(), TimeUnit.MILLISECONDS);
            if (!s.isCurrentGetStream(stream)) {
              if (o != null) {
                s.toGet.offerFirst(o);
              }
              return;
            }
            if (o == Session.END) {
              return;
            }
            out.send(o == null ? PING : o.event());
          }
        });
  }
}
