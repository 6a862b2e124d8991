package io.gatehouse.agent.model;

import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.RouteName;
import io.gatehouse.core.Secret;
import io.gatehouse.core.net.Cidr;
import io.gatehouse.core.net.Egress;
import io.gatehouse.policy.traffic.Fields;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A provider's JSON, as the admin API takes and shows it and the configuration file is turned into:
 * {@code name}, {@code baseUrl}, {@code apiKey} ({@code {"secret": NAME}}, {@code {"value": ...}}
 * or, to keep the stored one, {@code {"stored": true}}), {@code models}, {@code timeout}, {@code
 * retries}. Problems name the field and what was expected, never a key's value.
 */
final class ProviderJson {
  static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
  static final int MAX_RETRIES = 10;
  static final int MAX_MODELS = 100;
  private static final Set<String> FIELDS =
      Set.of("name", "baseUrl", "api", "apiKey", "models", "timeout", "retries");

  /** Shown by GET, so a client may send back what it read: accepted and ignored. */
  private static final Set<String> READ_ONLY = Set.of("managedBy", "createdAt", "updatedAt");

  private ProviderJson() {}

  /**
   * A checked body.
   *
   * @param value the key given as a value, to keep in the vault; null otherwise
   * @param keepStored whether the body asks to keep the key already stored
   */
  record Parsed(
      String name,
      URI baseUrl,
      ModelProvider.Api api,
      ModelProvider.ApiKey apiKey,
      Secret value,
      boolean keepStored,
      List<String> models,
      Duration timeout,
      int retries) {}

  /**
   * Reads {@code body}, adding each problem to {@code problems}; the result is meaningful only when
   * none was added.
   *
   * @param name the name from the path, or null to read it from the body
   */
  static Parsed parse(JsonNode body, String name, Egress egress, List<String> problems) {
    if (!(body instanceof ObjectNode o)) {
      problems.add("the body must be a JSON object");
      return null;
    }
    for (String f : o.propertyNames()) {
      if (!FIELDS.contains(f) && !READ_ONLY.contains(f)) {
        problems.add(
            f
                + ": not a field of a provider (expected: "
                + FIELDS.stream().sorted().toList()
                + ")");
      }
    }
    String given = text(o, "name");
    if (name != null && given != null && !given.equals(name)) {
      problems.add("name: '" + given + "' (expected: '" + name + "', the name in the path)");
    }
    String n = name != null ? name : given;
    if (n == null || !RouteName.isValid(n)) {
      problems.add("name: '" + n + "' (expected: " + RouteName.rule() + ")");
    }
    ModelProvider.ApiKey key = new ModelProvider.ApiKey.None();
    Secret value = null;
    boolean keep = false;
    JsonNode k = o.get("apiKey");
    if (k != null && !k.isNull()) {
      if (k instanceof ObjectNode ko && ko.size() == 1 && ko.path("secret").isString()) {
        String secret = ko.get("secret").stringValue();
        if (!secret.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
          problems.add("apiKey.secret: '" + secret + "' (expected: a vault secret's name)");
        }
        key = new ModelProvider.ApiKey.VaultSecret(secret);
      } else if (k instanceof ObjectNode ko && ko.size() == 1 && ko.path("value").isString()) {
        if (ko.get("value").stringValue().isBlank()) {
          problems.add("apiKey.value: empty (expected: the provider's API key)");
        }
        value = Secret.of(ko.get("value").stringValue().trim());
        key = new ModelProvider.ApiKey.Stored();
      } else if (k instanceof ObjectNode ko
          && ko.size() == 1
          && ko.path("stored").asBoolean(false)) {
        key = new ModelProvider.ApiKey.Stored();
        keep = true;
      } else {
        problems.add(
            "apiKey: expected {\"secret\": NAME} (a vault secret of project default), {\"value\":"
                + " KEY} (kept in the vault) or {\"stored\": true} (keep the stored key)");
      }
    }
    URI url =
        baseUrl(text(o, "baseUrl"), !(key instanceof ModelProvider.ApiKey.None), egress, problems);
    return new Parsed(
        n,
        url,
        api(o.get("api"), problems),
        key,
        value,
        keep,
        models(o.get("models"), problems),
        timeout(o.get("timeout"), problems),
        retries(o.get("retries"), problems));
  }

  private static ModelProvider.Api api(JsonNode v, List<String> problems) {
    if (v == null || v.isNull()) {
      return ModelProvider.Api.CHAT_COMPLETIONS;
    }
    ModelProvider.Api a = v.isString() ? ModelProvider.Api.fromWire(v.stringValue()) : null;
    if (a == null) {
      problems.add("api: " + v + " (expected: chat-completions or responses)");
      return ModelProvider.Api.CHAT_COMPLETIONS;
    }
    return a;
  }

  private static URI baseUrl(String v, boolean keyed, Egress egress, List<String> problems) {
    if (v == null || v.isBlank()) {
      problems.add("baseUrl: missing (expected: an http(s) URL such as https://api.openai.com/v1)");
      return null;
    }
    URI u;
    try {
      u = URI.create(v.trim());
    } catch (IllegalArgumentException e) {
      problems.add("baseUrl: '" + v + "' is not a URL");
      return null;
    }
    if (u.getHost() == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
      problems.add("baseUrl: '" + v + "' (expected: an http or https URL with a host)");
      return null;
    }
    if (u.getRawUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null) {
      problems.add(
          "baseUrl: '"
              + u.getScheme()
              + "://"
              + u.getHost()
              + "...' (expected: no user info, query or fragment)");
      return null;
    }
    if (keyed && "http".equals(u.getScheme()) && !isLoopback(u.getHost())) {
      problems.add(
          "baseUrl: '"
              + v
              + "' (expected: https; over plain http the API key would cross the"
              + " network in clear, which only a loopback address may have)");
    }
    try {
      egress.checkLiteral("baseUrl", u);
    } catch (GatehouseException e) {
      problems.add(e.getMessage() + " (" + e.error().key() + ")");
    }
    return u;
  }

  private static boolean isLoopback(String host) {
    if (host.equals("localhost")) {
      return true;
    }
    InetAddress a = Cidr.address(host);
    return a != null && a.isLoopbackAddress();
  }

  private static List<String> models(JsonNode v, List<String> problems) {
    List<String> out = new ArrayList<>();
    if (v == null || !v.isArray() || v.isEmpty()) {
      problems.add(
          "models: expected a list of the model names (or globs such as gpt-4o*, *) it serves");
      return out;
    }
    if (v.size() > MAX_MODELS) {
      problems.add("models: " + v.size() + " entries (expected: at most " + MAX_MODELS + ")");
    }
    for (int i = 0; i < v.size(); i++) {
      JsonNode m = v.get(i);
      if (!m.isString() || m.stringValue().isBlank()) {
        problems.add("models[" + i + "]: expected a model name or glob");
      } else if (!out.contains(m.stringValue().trim())) {
        out.add(m.stringValue().trim());
      }
    }
    return out;
  }

  private static Duration timeout(JsonNode v, List<String> problems) {
    if (v == null || v.isNull()) {
      return ModelProvider.DEFAULT_TIMEOUT;
    }
    Duration d =
        v.isNumber()
            ? Duration.ofMillis((long) (v.asDouble() * 1000))
            : v.isString() ? Fields.parseDuration(v.stringValue()) : null;
    if (d == null || d.isNegative() || d.isZero() || d.compareTo(MAX_TIMEOUT) > 0) {
      problems.add("timeout: " + v + " (expected: a duration from 1ms to 10m, such as 60s)");
      return ModelProvider.DEFAULT_TIMEOUT;
    }
    return d;
  }

  private static int retries(JsonNode v, List<String> problems) {
    if (v == null || v.isNull()) {
      return ModelProvider.DEFAULT_RETRIES;
    }
    if (!v.isIntegralNumber() && !(v.isString() && v.stringValue().trim().matches("\\d{1,2}"))) {
      problems.add("retries: " + v + " (expected: a whole number from 0 to " + MAX_RETRIES + ")");
      return ModelProvider.DEFAULT_RETRIES;
    }
    int n = v.isString() ? Integer.parseInt(v.stringValue().trim()) : v.asInt();
    if (n < 0 || n > MAX_RETRIES) {
      problems.add("retries: " + n + " (expected: a whole number from 0 to " + MAX_RETRIES + ")");
      return ModelProvider.DEFAULT_RETRIES;
    }
    return n;
  }

  private static String text(ObjectNode o, String field) {
    JsonNode v = o.get(field);
    return v != null && v.isString() ? v.stringValue() : null;
  }

  /** What GET shows: never a key, only where it is. */
  static ObjectNode json(ModelProvider p) {
    ObjectNode n = ChatWire.JSON.createObjectNode();
    n.put("name", p.name()).put("baseUrl", p.baseUrl().toString()).put("api", p.api().wireName());
    switch (p.apiKey()) {
      case ModelProvider.ApiKey.None none -> n.putNull("apiKey");
      case ModelProvider.ApiKey.VaultSecret s -> n.putObject("apiKey").put("secret", s.name());
      case ModelProvider.ApiKey.Stored s -> n.putObject("apiKey").put("stored", true);
    }
    p.models().forEach(n.putArray("models")::add);
    n.put("timeout", duration(p.timeout())).put("retries", p.retries());
    n.put("managedBy", p.managedBy());
    n.put("createdAt", p.createdAt().toString()).put("updatedAt", p.updatedAt().toString());
    return n;
  }

  /** {@code 60s}, {@code 1500ms}. */
  static String duration(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
