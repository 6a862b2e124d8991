package io.gatehouse.server.config;

import io.gatehouse.agent.run.RunSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The file's {@code responses:} section, the agent runtime's limits: {@code max-iterations} (model
 * turns per response), {@code max-tool-calls}, {@code max-time}, {@code tool-call-timeout}, {@code
 * approval-expiry}, {@code retention} (how long stored responses are kept) and {@code
 * allow-private-urls} (whether a request's {@code server_url} may name a loopback or private
 * address). Every problem is named at once.
 */
final class ResponsesConfig {
  private static final Set<String> KEYS =
      Set.of(
          "max-iterations",
          "max-tool-calls",
          "max-time",
          "tool-call-timeout",
          "approval-expiry",
          "retention",
          "allow-private-urls");

  private ResponsesConfig() {}

  static RunSettings settings(JsonNode raw) {
    if (raw == null || raw.isNull()) {
      return RunSettings.DEFAULTS;
    }
    List<String> problems = new ArrayList<>();
    if (!raw.isObject()) {
      throw new ConfigException("responses: expected a mapping (" + String.join(", ", KEYS) + ")");
    }
    for (String key : raw.propertyNames()) {
      if (!KEYS.contains(key)) {
        problems.add(
            "responses." + key + ": unknown (expected one of " + String.join(", ", KEYS) + ")");
      }
    }
    RunSettings d = RunSettings.DEFAULTS;
    int iterations = count(raw, "max-iterations", d.maxIterations(), 1000, problems);
    int calls = count(raw, "max-tool-calls", d.maxToolCalls(), 10_000, problems);
    Duration time = duration(raw, "max-time", d.maxTime(), problems);
    Duration call = duration(raw, "tool-call-timeout", d.toolCallTimeout(), problems);
    Duration expiry = duration(raw, "approval-expiry", d.approvalExpiry(), problems);
    Duration retention = duration(raw, "retention", d.retention(), problems);
    boolean privateUrls = false;
    JsonNode p = raw.get("allow-private-urls");
    if (p != null && !p.isNull()) {
      if (p.isBoolean()) {
        privateUrls = p.booleanValue();
      } else {
        problems.add("responses.allow-private-urls: true or false");
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(
          problems.size() + " problem(s) in responses: " + String.join("; ", problems));
    }
    return new RunSettings(iterations, calls, time, call, expiry, retention, privateUrls);
  }

  private static int count(JsonNode raw, String key, int fallback, int max, List<String> problems) {
    JsonNode v = raw.get(key);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isIntegralNumber() || v.asInt() < 1 || v.asInt() > max) {
      problems.add(
          "responses." + key + ": '" + v.asString(v.toString()) + "' (expected: 1 to " + max + ")");
      return fallback;
    }
    return v.asInt();
  }

  private static Duration duration(
      JsonNode raw, String key, Duration fallback, List<String> problems) {
    JsonNode v = raw.get(key);
    if (v == null || v.isNull()) {
      return fallback;
    }
    try {
      Duration d = Values.duration("responses." + key, v.asString(v.toString()), fallback);
      if (d.isZero() || d.isNegative()) {
        problems.add("responses." + key + ": must be positive");
        return fallback;
      }
      return d;
    } catch (ConfigException e) {
      problems.add(e.getMessage());
      return fallback;
    }
  }
}
