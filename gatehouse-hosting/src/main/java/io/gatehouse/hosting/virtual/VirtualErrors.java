package io.gatehouse.hosting.virtual;

import io.gatehouse.core.ErrorKey;

/** The error keys of virtual servers, on the wire and in the configuration. */
public final class VirtualErrors {
  private VirtualErrors() {}

  /** A source of the virtual route could not be reached, or refused its session. */
  public static final ErrorKey SOURCE_UNAVAILABLE =
      ErrorKey.of(
          "SOURCE_UNAVAILABLE",
          502,
          -31076,
          "One source route of this virtual server is down or refused the call (the message names"
              + " it and why); the other sources still work. Check that route at /mcp/{source}.");

  /** Someone called the composer's internal path directly. */
  public static final ErrorKey FORBIDDEN =
      ErrorKey.of(
          "VIRTUAL_FORBIDDEN",
          403,
          -31074,
          "Virtual servers are reached through their route at /mcp/{route}, not directly.");

  /**
   * A replica was asked, on its peer port, for a virtual session another replica holds (a peer
   * forwards only to the replica the session's id names, so this is a stale or forged id).
   */
  public static final ErrorKey SESSION_NOT_FOUND =
      ErrorKey.of(
          "VIRTUAL_SESSION_NOT_FOUND",
          404,
          -32001, // as HOSTED_SESSION_NOT_FOUND: the session is not known
          "This replica does not hold that virtual session: initialize a new session.");

  /** A source names a route the configuration does not have. */
  public static final String SOURCE_UNKNOWN = "VIRTUAL_SOURCE_UNKNOWN";

  /** A source names another virtual route (or the virtual route itself). */
  public static final String SOURCE_VIRTUAL = "VIRTUAL_SOURCE_VIRTUAL";

  /** Two sources share a prefix, or one prefix starts another's names ambiguously. */
  public static final String PREFIX_DUPLICATE = "VIRTUAL_PREFIX_DUPLICATE";

  /** The same route is a source twice. */
  public static final String SOURCE_DUPLICATE = "VIRTUAL_SOURCE_DUPLICATE";

  /** A virtual route without sources. */
  public static final String NO_SOURCES = "VIRTUAL_NO_SOURCES";
}
