package io.gatehouse.connect;

import io.gatehouse.core.ErrorKey;

/** The error keys of connections and their validation diagnoses. */
public final class ConnectErrors {
  private ConnectErrors() {}

  public static final ErrorKey INVALID_CONNECTION =
      ErrorKey.of(
          "INVALID_CONNECTION",
          400,
          -32602,
          "A connection has a name (lower-case letters, digits and -), an http(s) url, a"
              + " transport (streamable-http, sse or auto) and auth: none, key (headers or query,"
              + " each value a ${secret:NAME} template or {\"value\": \"...\"} kept in the"
              + " vault), oauth-client-credentials (tokenUrl, clientId, clientSecret) or"
              + " workload (identity project, agent or agent:NAME); optionally protocol: auto,"
              + " 2026-07-28 or 2025-11-25. See docs/connections.md.");
  public static final ErrorKey CONNECTION_NOT_FOUND =
      ErrorKey.of(
          "CONNECTION_NOT_FOUND",
          404,
          -32602,
          "GET /admin/v1/connections?project=NAME lists a project's connections.");
  public static final ErrorKey CONNECTION_EXISTS =
      ErrorKey.of(
          "CONNECTION_EXISTS",
          409,
          -32602,
          "Pick another name, or change the connection with PUT /admin/v1/connections/{name}.");
  public static final ErrorKey CONNECTION_MANAGED_BY_CONFIG =
      ErrorKey.of(
          "CONNECTION_MANAGED_BY_CONFIG",
          409,
          -32602,
          "The configuration file defines this connection: change or remove it there, and the"
              + " running servers follow at the next reload.");
}
