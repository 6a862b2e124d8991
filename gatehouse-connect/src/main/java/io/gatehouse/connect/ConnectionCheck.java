package io.gatehouse.connect;

import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.Problem;
import io.gatehouse.core.RouteName;
import io.gatehouse.core.Secret;
import io.gatehouse.core.net.Egress;
import io.gatehouse.gateway.UpstreamTransport;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Checks a connection's JSON as creating it would, without the store or the vault: name, url,
 * transport and auth. A connection {@code from} the catalog is checked for its shape only; the
 * catalog is asked when it is applied.
 */
public final class ConnectionCheck {
  private ConnectionCheck() {}

  /** What is wrong with {@code body}, each message naming its field; empty when nothing is. */
  public static List<String> problems(String project, JsonNode body, Egress egress) {
    List<String> out = new ArrayList<>();
    String name = body.path("name").isString() ? body.path("name").stringValue() : null;
    if (name == null || !RouteName.isValid(name)) {
      out.add("name: '" + name + "' (expected: " + RouteName.rule() + ")");
      name = "unnamed";
    }
    if (body.has("from")) {
      if (!body.path("from").isObject()) {
        out.add("from: expected server, version and environment");
      }
      return out;
    }
    Map<String, Secret> inline = new LinkedHashMap<>();
    boolean insecure = false;
    try {
      insecure = OptionsJson.parse(name, body, inline, egress).allowInsecure();
    } catch (GatehouseException e) {
      out.add(e.getMessage());
    }
    boolean allowInsecure = insecure;
    URI url = null;
    try {
      url =
          ConnectionUrls.checked(
              "url",
              body.path("url").isString() ? body.path("url").stringValue() : null,
              egress,
              allowInsecure);
    } catch (GatehouseException e) {
      out.add(e.getMessage());
    }
    String transport = body.path("transport").asString("auto");
    try {
      UpstreamTransport.fromConfig(transport);
    } catch (IllegalArgumentException e) {
      out.add(e.getMessage());
    }
    if (url != null) {
      try {
        AuthJson.parse(
            project,
            name,
            url,
            body.path("auth"),
            inline,
            (field, text) -> ConnectionUrls.checked(field, text, egress, allowInsecure));
      } catch (GatehouseException e) {
        out.add(e.getMessage());
        e.details().stream().map(Problem::message).forEach(out::add);
      }
    }
    return out;
  }
}
