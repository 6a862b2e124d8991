package io.gatehouse.hosting.virtual;

import java.util.Map;

/**
 * How the composer reaches the sources as the virtual route's caller: the gateway's request to the
 * composer carries the caller sealed (by the server, which owns the seal), and this opens it and
 * seals it again for each source route, so the source's own authentication, rules, limits and audit
 * see that caller.
 */
public interface SourceAccess {
  /** The header the sealed caller arrives in (the gateway sets it; a client cannot). */
  String CALLER_HEADER = "Gatehouse-Virtual-Caller";

  /**
   * The caller sealed in {@code sealed} for {@code virtualRoute}; {@link Caller#ANONYMOUS} when
   * {@code sealed} is null (an open virtual route called without a credential).
   *
   * @return null when {@code sealed} does not open (forged, expired, for another route)
   */
  Caller open(String sealed, String virtualRoute);

  /** Who calls, and how to say so to a source. */
  interface Caller {
    Caller ANONYMOUS =
        new Caller() {
          @Override
          public String id() {
            return "";
          }

          @Override
          public Map<String, String> headers(String sourceRoute) {
            return Map.of();
          }
        };

    /** The caller's principal id ({@code ""} when anonymous): source sessions are kept per id. */
    String id();

    /** The headers that make a request to {@code /mcp/{sourceRoute}} this caller's. */
    Map<String, String> headers(String sourceRoute);
  }
}
