package io.gatehouse.selfmcp;

import io.gatehouse.core.Principal;

/**
 * How the self server reaches the platform: one admin API (or registry API) request made in process
 * as {@code caller}, through the same services, authorization and validation a request over HTTP
 * with the caller's own credential would meet. The assembly implements it; nothing here decides who
 * may do what.
 */
@FunctionalInterface
public interface AdminGate {
  /**
   * @param method {@code GET}, {@code POST}, {@code PATCH}...
   * @param path the path, percent-encoded, such as {@code /admin/v1/deployments}
   * @param query the raw query string without {@code ?}, or null
   * @param body a JSON body, or null
   * @return the status and body the API answered (its error shape for a refusal)
   */
  Answer call(Principal caller, String method, String path, String query, byte[] body);

  /** What the API answered. */
  record Answer(int status, byte[] body) {
    public Answer {
      body = body == null ? new byte[0] : body;
    }

    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }
}
