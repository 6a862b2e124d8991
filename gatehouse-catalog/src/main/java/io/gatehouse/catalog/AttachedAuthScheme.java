package io.gatehouse.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** An {@link AuthScheme} attached to a version. */
public record AttachedAuthScheme(
    String id, VersionRef version, AuthScheme scheme, Instant createdAt) {
  public AttachedAuthScheme {
    requireNonNull(id, "id");
    requireNonNull(version, "version");
    requireNonNull(scheme, "scheme");
    requireNonNull(createdAt, "createdAt");
  }
}
