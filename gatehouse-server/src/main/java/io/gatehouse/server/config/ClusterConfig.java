package io.gatehouse.server.config;

import java.net.URI;
import java.time.Duration;

/** Reads top-level {@code cluster:} ({@link ClusterSettings}). */
final class ClusterConfig {
  private ClusterConfig() {}

  static ClusterSettings settings(RawConfig.Cluster raw) {
    if (raw == null || raw.peerListen() == null || raw.peerListen().isBlank()) {
      if (raw != null && raw.peerUrl() != null && !raw.peerUrl().isBlank()) {
        throw new ConfigException(
            "cluster.peer-url: set, but cluster.peer-listen is not (expected: both, or neither)");
      }
      return ClusterSettings.NONE;
    }
    String listen = raw.peerListen().trim();
    int colon = listen.lastIndexOf(':');
    if (colon <= 0) {
      throw new ConfigException(
          "cluster.peer-listen: '" + listen + "' (expected: host:port, such as 10.0.0.5:7070)");
    }
    String host = listen.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = Values.port("cluster.peer-listen", listen.substring(colon + 1));
    URI url = url(raw.peerUrl());
    if (url == null && (host.equals("0.0.0.0") || host.equals("::"))) {
      throw new ConfigException(
          "cluster.peer-url: required when cluster.peer-listen is on every address ("
              + listen
              + "): the URL the other replicas reach this one at, such as http://10.0.0.5:7070");
    }
    Duration expiry =
        Values.duration("cluster.peer-expiry", raw.peerExpiry(), ClusterSettings.DEFAULT_EXPIRY);
    if (expiry.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new ConfigException(
          "cluster.peer-expiry: '" + raw.peerExpiry() + "' (expected: at least 1s, such as 15s)");
    }
    return new ClusterSettings(host, port, url, expiry);
  }

  private static URI url(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      URI u = URI.create(value.trim().replaceAll("/+$", ""));
      if (u.getHost() == null
          || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))
          || u.getRawPath() != null && !u.getRawPath().isEmpty()) {
        throw new IllegalArgumentException();
      }
      return u;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "cluster.peer-url: '"
              + value
              + "' (expected: an http or https URL with no path, such as http://10.0.0.5:7070)");
    }
  }
}
