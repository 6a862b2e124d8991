package io.gatehouse.gateway.internal;

import io.gatehouse.core.GatehouseException;
import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.proxy.ProxyConnectException;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.TimeoutException;

/** Turns what went wrong talking to an upstream into the gateway's stable error keys. */
final class UpstreamFailures {
  private UpstreamFailures() {}

  static GatewayException classify(String route, Throwable failure, boolean answered) {
    Throwable root = rootOf(failure);
    if (root instanceof GatewayException g) {
      return g;
    }
    if (root instanceof GatehouseException g) {
      return new GatewayException(g.error(), "route '" + route + "': " + g.getMessage(), failure);
    }
    if (root instanceof TimeoutException || (root instanceof SocketTimeoutException && answered)) {
      return timeout(route, failure);
    }
    if (!answered
        && (root instanceof ConnectException
            || root instanceof SocketTimeoutException
            || root instanceof UnknownHostException
            || root instanceof UnresolvedAddressException
            || root instanceof NoRouteToHostException)) {
      return new GatewayException(
          GatewayErrors.UPSTREAM_UNAVAILABLE,
          "route '"
              + route
              + "': the upstream MCP server could not be reached ("
              + describe(root)
              + ")",
          failure);
    }
    if (root instanceof EOFException
        || root instanceof ClosedChannelException
        || root instanceof java.io.IOException) {
      return new GatewayException(
          GatewayErrors.UPSTREAM_UNAVAILABLE,
          "route '"
              + route
              + "': the upstream closed the connection "
              + (answered ? "mid-answer" : "before answering"),
          failure);
    }
    return new GatewayException(
        GatewayErrors.UPSTREAM_PROTOCOL_ERROR,
        "route '" + route + "': the upstream's answer could not be read as HTTP",
        failure);
  }

  static GatewayException timeout(String route, Throwable cause) {
    return new GatewayException(
        GatewayErrors.UPSTREAM_TIMEOUT,
        "route '" + route + "': the upstream did not answer within the route's request timeout",
        cause);
  }

  private static String describe(Throwable root) {
    if (root instanceof ProxyConnectException) {
      // its message names the proxy and the target, never the credential
      return "the proxy did not open a tunnel to it: " + root.getMessage();
    }
    if (root instanceof UnknownHostException || root instanceof UnresolvedAddressException) {
      return "unknown host";
    }
    if (root instanceof SocketTimeoutException || root instanceof ConnectTimeoutException) {
      return "connect timeout";
    }
    return "connection refused";
  }

  private static Throwable rootOf(Throwable t) {
    Throwable r = t;
    while (r.getCause() != null && r.getCause() != r && !(r instanceof GatewayException)) {
      r = r.getCause();
    }
    return r;
  }
}
