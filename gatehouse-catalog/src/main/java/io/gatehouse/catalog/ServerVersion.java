package io.gatehouse.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/**
 * One published version: its server.json document as published, and the registry's lifecycle data.
 *
 * @param document the server.json; treat it as read-only (copy it before changing it)
 * @param statusMessage why the status was set, or null
 * @param latest whether this is the version {@code versions/latest} answers with
 */
public record ServerVersion(
    VersionRef ref,
    ObjectNode document,
    VersionStatus status,
    String statusMessage,
    Instant statusChangedAt,
    Instant publishedAt,
    Instant updatedAt,
    boolean latest) {

  public ServerVersion {
    requireNonNull(ref, "ref");
    requireNonNull(document, "document");
    requireNonNull(status, "status");
    requireNonNull(statusChangedAt, "statusChangedAt");
    requireNonNull(publishedAt, "publishedAt");
    requireNonNull(updatedAt, "updatedAt");
  }

  public String name() {
    return ref.server();
  }

  public String version() {
    return ref.version();
  }
}
