package io.gatehouse.policy;

import io.gatehouse.core.ErrorKey;

/** The error keys of the gateway's inbound policies. */
public final class PolicyErrors {
  private PolicyErrors() {}

  public static final ErrorKey IP_FORBIDDEN =
      ErrorKey.of(
          "IP_FORBIDDEN",
          403,
          -32003,
          "This address may not use the route: ask its owner to add it to the route's ip.allow"
              + " (or the top-level ip.allow); behind a proxy, list the proxy in trusted-proxies.");

  public static final ErrorKey TOOL_FORBIDDEN =
      ErrorKey.of(
          "TOOL_FORBIDDEN",
          403,
          -32003,
          "This tool, prompt or resource is not available to this caller on this route: ask the"
              + " route's owner to allow it in routes[].tools (or prompts, resources).");

  public static final ErrorKey UPSTREAM_CREDENTIAL_MISSING =
      ErrorKey.of(
          "UPSTREAM_CREDENTIAL_MISSING",
          502,
          -32603,
          "The route sends a vault secret upstream that is not set: set it with PUT"
              + " /admin/v1/projects/{project}/secrets/{name} (docs/vault.md).");
}
