package io.gatehouse.connect;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.core.net.Egress;
import io.gatehouse.gateway.GatewayErrors;

/**
 * What validating a connection can find wrong, each a stable key with a hint for the person who
 * owns the connection (the troubleshooting list of a connector page, as keys).
 */
public final class Diagnosis {
  private Diagnosis() {}

  public static final ErrorKey DNS_FAILED =
      key(
          "UPSTREAM_DNS_FAILED",
          "The upstream's host name does not resolve: check the URL for typos, and that this"
              + " Gatehouse's resolver knows the name (internal names need the internal DNS).");
  public static final ErrorKey CONNECTION_REFUSED =
      key(
          "UPSTREAM_CONNECTION_REFUSED",
          "Nothing accepts connections at the URL's host and port: check the port, and that the"
              + " server is running and listening on an address Gatehouse can reach.");
  public static final ErrorKey TLS_FAILED =
      key(
          "UPSTREAM_TLS_FAILED",
          "The TLS handshake failed: the URL may say https for a plain HTTP port, or the server's"
              + " certificate is not trusted or does not name the host.");
  public static final ErrorKey TIMEOUT = GatewayErrors.UPSTREAM_TIMEOUT;
  public static final ErrorKey UNAUTHORIZED =
      key(
          "UPSTREAM_UNAUTHORIZED",
          "The upstream refused the credential (HTTP 401): check the header name and format it"
              + " expects (see wwwAuthenticate), and that the key or token is current.");
  public static final ErrorKey FORBIDDEN =
      key(
          "UPSTREAM_FORBIDDEN",
          "The upstream knows the credential but refuses it (HTTP 403): it lacks a scope or a"
              + " permission there.");
  public static final ErrorKey WRONG_TRANSPORT =
      key(
          "UPSTREAM_WRONG_TRANSPORT",
          "The upstream speaks another MCP transport than the connection names: set transport to"
              + " the one in details.works (or auto).");
  public static final ErrorKey NOT_MCP =
      key(
          "UPSTREAM_NOT_MCP",
          "The URL answers, but not as an MCP server: check the path (often /mcp, or /sse for the"
              + " legacy transport).");
  public static final ErrorKey RATE_LIMITED =
      key(
          "UPSTREAM_RATE_LIMITED",
          "The upstream is rate limiting Gatehouse (HTTP 429): try again after details.retryAfter.");
  public static final ErrorKey UPSTREAM_ERROR = GatewayErrors.UPSTREAM_ERROR;
  public static final ErrorKey TOKEN_FAILED =
      key(
          "UPSTREAM_TOKEN_FAILED",
          "The token endpoint did not issue a token: check tokenUrl, clientId, the client secret in"
              + " the vault, the scopes and the authentication method (client_secret_basic or"
              + " client_secret_post).");
  public static final ErrorKey AUTH_DISCOVERY_FAILED =
      key(
          "UPSTREAM_AUTH_DISCOVERY_FAILED",
          "The upstream's OAuth metadata is missing, unreadable or does not match it (RFC 9728"
              + " protected resource metadata naming another resource, RFC 8414 metadata with another"
              + " issuer or without PKCE S256): fix the upstream's or the authorization server's"
              + " metadata.");
  public static final ErrorKey AUTHORIZATION_FAILED =
      key(
          "UPSTREAM_AUTHORIZATION_FAILED",
          "The authorization server did not grant access (no code, an error, a state that does not"
              + " match, a refused registration, or a scope it keeps refusing): see details.error"
              + " and authorize again.");
  public static final ErrorKey PROTOCOL_UNSUPPORTED =
      key(
          "UPSTREAM_PROTOCOL_UNSUPPORTED",
          "The upstream does not speak the MCP revision the connection forces (protocol): set"
              + " protocol to auto, or to a revision the upstream lists in details.supported.");
  public static final ErrorKey INPUT_REQUIRED =
      key(
          "UPSTREAM_INPUT_REQUIRED",
          "The upstream asked for input Gatehouse has no one to give (details.method: a form"
              + " without defaults, sampling, roots), or kept asking: call the tool from a client"
              + " that can answer, or give the tool the arguments it asks for.");
  public static final ErrorKey EGRESS_FORBIDDEN = Egress.FORBIDDEN;
  public static final ErrorKey PROXY_FAILED =
      key(
          "UPSTREAM_PROXY_FAILED",
          "The connection's proxy did not open a way to the upstream: check proxy (host and"
              + " port), proxyAuth, and that the proxy allows CONNECT to the upstream's port.");

  private static ErrorKey key(String key, String hint) {
    return ErrorKey.of(key, 502, -31037, hint);
  }
}
