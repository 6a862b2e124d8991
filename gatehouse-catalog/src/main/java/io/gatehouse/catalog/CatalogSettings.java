package io.gatehouse.catalog;

import static java.util.Objects.requireNonNull;

import io.gatehouse.core.net.Egress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * How a catalog is served.
 *
 * @param publicUrl the base URL clients reach the gateway at; the registry advertises {@code
 *     <publicUrl>/mcp/<route>}. A supplier, because with port 0 it is known only once listening.
 * @param gatewayUrl where this process reaches its own gateway to discover tools (its bound
 *     address)
 * @param anonymousRead whether the registry's GET endpoints answer without a bearer token
 * @param adminToken checks a presented bearer token (publish, status changes, admin API)
 * @param revisionPoll how often to check the store for changes made elsewhere (other replicas, CLI
 *     imports)
 * @param clock the time source
 * @param egress which addresses deployments may point at (a literal is refused when set)
 */
public record CatalogSettings(
    Supplier<URI> publicUrl,
    Supplier<URI> gatewayUrl,
    boolean anonymousRead,
    Predicate<String> adminToken,
    Duration revisionPoll,
    Clock clock,
    Egress egress) {

  public CatalogSettings {
    requireNonNull(publicUrl, "publicUrl");
    requireNonNull(egress, "egress");
    requireNonNull(gatewayUrl, "gatewayUrl");
    requireNonNull(adminToken, "adminToken");
    requireNonNull(revisionPoll, "revisionPoll");
    requireNonNull(clock, "clock");
  }

  /** Settings with the default egress rules. */
  public CatalogSettings(
      Supplier<URI> publicUrl,
      Supplier<URI> gatewayUrl,
      boolean anonymousRead,
      Predicate<String> adminToken,
      Duration revisionPoll,
      Clock clock) {
    this(publicUrl, gatewayUrl, anonymousRead, adminToken, revisionPoll, clock, Egress.defaults());
  }

  public CatalogSettings withClock(Clock c) {
    return new CatalogSettings(
        publicUrl, gatewayUrl, anonymousRead, adminToken, revisionPoll, c, egress);
  }

  /** Settings for a catalog that serves nothing (the CLI's import and export). */
  public static CatalogSettings offline() {
    URI none = URI.create("http://127.0.0.1");
    return new CatalogSettings(
        () -> none, () -> none, false, token -> false, Duration.ofSeconds(1), Clock.systemUTC());
  }
}
