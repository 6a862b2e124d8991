package io.gatehouse.observe.trace;

import io.gatehouse.policy.traffic.Fields;
import io.gatehouse.policy.traffic.Problems;
import java.net.URI;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The file's {@code tracing:} section. Tracing is on when {@code otlp-endpoint} is set; off, no
 * tracer is made and no policy added, so it costs nothing.
 *
 * @param otlpEndpoint where spans go over OTLP/HTTP ({@code /v1/traces} is added unless the path
 *     already ends so), or null: tracing off
 * @param sample the share of new traces kept, 0.0 to 1.0 (default 1.0); a caller's sampled flag is
 *     followed
 * @param serviceName the {@code service.name} of the spans (default {@code gatehouse})
 */
public record TracingSettings(URI otlpEndpoint, double sample, String serviceName) {
  public static final TracingSettings OFF = new TracingSettings(null, 1.0, "gatehouse");

  public boolean enabled() {
    return otlpEndpoint != null;
  }

  /** The URL spans are posted to. */
  public URI tracesUrl() {
    String u = otlpEndpoint.toString();
    if (u.endsWith("/v1/traces")) {
      return otlpEndpoint;
    }
    return URI.create((u.endsWith("/") ? u.substring(0, u.length() - 1) : u) + "/v1/traces");
  }

  /** Reads {@code node} (absent: off), adding each problem under {@code path}. */
  public static TracingSettings read(JsonNode node, String path, Problems problems) {
    if (!Fields.object(node, path, Set.of("otlp-endpoint", "sample", "service-name"), problems)) {
      return OFF;
    }
    URI endpoint = endpoint(node.get("otlp-endpoint"), path + ".otlp-endpoint", problems);
    double sample = sample(node.get("sample"), path + ".sample", problems);
    String service =
        Fields.string(node.get("service-name"), path + ".service-name", "gatehouse", problems);
    if (service.isBlank()) {
      problems.add(path + ".service-name", "'' (expected: a name such as gatehouse)");
    }
    return new TracingSettings(endpoint, sample, service);
  }

  private static URI endpoint(JsonNode node, String path, Problems problems) {
    String v = Fields.string(node, path, null, problems);
    if (v == null) {
      return null;
    }
    try {
      URI u = URI.create(v.trim());
      if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
        return u;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    problems.add(path, "'" + v + "' (expected: an http(s) URL such as http://127.0.0.1:4318)");
    return null;
  }

  private static double sample(JsonNode node, String path, Problems problems) {
    if (Fields.absent(node)) {
      return 1.0;
    }
    if (!node.isNumber() || node.doubleValue() < 0 || node.doubleValue() > 1) {
      problems.add(path, "'" + node.asString() + "' (expected: a number from 0.0 to 1.0)");
      return 1.0;
    }
    return node.doubleValue();
  }
}
