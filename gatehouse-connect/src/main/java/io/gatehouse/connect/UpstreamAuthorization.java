package io.gatehouse.connect;

import java.net.URI;

/**
 * Supplies the credential of every request an {@link McpClient} sends, and renews it when the
 * upstream refuses it: a 401 (MCP 2025-11-25 "Authorization": discover, authorize, retry) or a 403
 * {@code insufficient_scope} (step-up). Implementations are safe for use from several threads.
 */
public interface UpstreamAuthorization {
  /** The {@code Authorization} header value for the next request, or null to send none. */
  String header() throws McpFailure;

  /**
   * The upstream answered {@code status} (401 or 403) to a request for {@code endpoint}, with this
   * {@code WWW-Authenticate} header (or null). Obtains a new credential when one can help.
   *
   * @return true when the request should be repeated with {@link #header()}; false to give up
   */
  boolean renew(URI endpoint, int status, String wwwAuthenticate) throws McpFailure;
}
