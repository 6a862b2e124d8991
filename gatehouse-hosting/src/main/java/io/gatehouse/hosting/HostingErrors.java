package io.gatehouse.hosting;

import io.gatehouse.core.ErrorKey;

/** The error keys of hosted stdio servers. */
public final class HostingErrors {
  private HostingErrors() {}

  public static final ErrorKey UPSTREAM_CRASHED =
      ErrorKey.of(
          "UPSTREAM_CRASHED",
          502,
          -31071,
          "The route's stdio server process exited while the request was in flight; a new session"
              + " starts a fresh process. Gatehouse's log has the process's stderr under the"
              + " route's name.");

  public static final ErrorKey UPSTREAM_START_FAILED =
      ErrorKey.of(
          "UPSTREAM_START_FAILED",
          502,
          -31072,
          "The route's stdio server could not be started or did not initialize: check the route's"
              + " command, args and cwd, and the process's stderr in Gatehouse's log.");

  public static final ErrorKey PROCESS_LIMIT =
      ErrorKey.of(
          "HOSTED_PROCESS_LIMIT",
          503,
          -31073,
          "The route runs as many processes as its max-processes allows: end an unused session"
              + " (DELETE), wait for idle ones to stop, or raise routes[].upstream.max-processes.");

  public static final ErrorKey FORBIDDEN =
      ErrorKey.of(
          "HOSTED_FORBIDDEN",
          403,
          -31074,
          "Hosted stdio servers are reached through their route at /mcp/{route}, not directly.");

  public static final ErrorKey SECRET_UNAVAILABLE =
      ErrorKey.of(
          "HOSTED_SECRET_UNAVAILABLE",
          502,
          -31075,
          "A ${secret:NAME} the route's env names could not be read from the vault: store it"
              + " (gatehouse vault put) in the route's project, or check the vault's master key.");

  public static final ErrorKey SESSION_NOT_FOUND =
      ErrorKey.of(
          "HOSTED_SESSION_NOT_FOUND",
          404,
          -32001,
          "The hosted session ended (DELETE, idle timeout or a crashed process): initialize again.");
}
