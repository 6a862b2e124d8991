package io.gatehouse.connect;

import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.net.Egress;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * Reads a connection's metadata document ({@code {"tools": [...]}}) at validation: through the
 * egress rules, the connection's TLS options and proxy, no redirects, at most {@link
 * ToolSchema#MAX_BYTES}. No credential goes there. A failure is a warning, never a failed
 * validation.
 */
final class ToolMetadata {
  private ToolMetadata() {}

  /** What {@link #fetch} found: the tools, or a warning saying why there are none. */
  record Result(ArrayNode tools, String warning) {}

  static Result fetch(URI url, Egress egress, McpClient.Options connection) {
    McpClient.Options options =
        new McpClient.Options(connection.timeout(), Map.of(), Map.of())
            .withTls(connection.tls())
            .withProxy(connection.proxy());
    try {
      UpstreamHttp.checkEgress(egress, url);
      options = options.withProxy(UpstreamHttp.checkedProxy(egress, options.proxy()));
      UpstreamHttp http = new UpstreamHttp(options);
      HttpRequest get = http.request(url).header("Accept", "application/json").GET().build();
      HttpResponse<InputStream> answer = http.send(get, url);
      try (InputStream in = answer.body()) {
        if (answer.statusCode() != 200) {
          return warning(url, "it answered " + answer.statusCode());
        }
        // a body that drips forever must not hold the validation: it is closed after the timeout
        Deadline deadline = Deadline.closing(in, options.timeout());
        byte[] bytes;
        try {
          bytes = in.readNBytes(ToolSchema.MAX_BYTES + 1);
        } finally {
          deadline.cancel();
        }
        if (bytes.length > ToolSchema.MAX_BYTES) {
          return warning(url, "it is larger than " + ToolSchema.MAX_BYTES + " bytes");
        }
        JsonNode doc = UpstreamHttp.parse(bytes);
        if (doc == null || !doc.isObject()) {
          return warning(url, "it is not a JSON object {\"tools\": [...]}");
        }
        return new Result(ToolSchema.checked("tools", doc.path("tools")), null);
      }
    } catch (GatehouseException e) { // an McpFailure, or a tool the document gets wrong
      return warning(url, e.getMessage());
    } catch (IOException e) {
      return warning(url, "its answer ended early");
    }
  }

  private static Result warning(URI url, String why) {
    return new Result(
        null,
        "TOOL_METADATA_UNREADABLE: "
            + url
            + ": "
            + why
            + "; the tools come from the upstream only until it is fixed");
  }
}
