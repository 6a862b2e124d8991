package io.gatehouse.catalog;

import static java.util.Objects.requireNonNull;

/** Names one version of one server: {@code io.github.user/weather} at {@code 1.0.2}. */
public record VersionRef(String server, String version) {
  public VersionRef {
    requireNonNull(server, "server");
    requireNonNull(version, "version");
  }

  @Override
  public String toString() {
    return server + "@" + version;
  }
}
