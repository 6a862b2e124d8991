package io.gatehouse.connect;

import io.gatehouse.core.net.Egress;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What a validation makes of a connection's pinned {@code toolSchema} or {@code metadataUrl}: the
 * upstream's {@code tools/list} stays the truth when it lists tools, and drift from the schema is a
 * {@code TOOLS_DIFFER} warning; when it lists none, the schema's tools are reported instead.
 */
final class PinnedTools {
  private PinnedTools() {}

  static Validation apply(
      Connection c,
      Validation v,
      List<JsonNode> upstream,
      Egress egress,
      McpClient.Options options) {
    JsonNode schema = c.toolSchema();
    String from = "schema";
    List<String> warnings = new ArrayList<>();
    if (schema == null && c.metadataUrl() != null) {
      ToolMetadata.Result read = ToolMetadata.fetch(c.metadataUrl(), egress, options);
      schema = read.tools();
      from = "metadata";
      if (read.warning() != null) {
        warnings.add(read.warning());
      }
    }
    if (schema == null) {
      return v.warn(warnings);
    }
    if (upstream.isEmpty()) {
      return v.toolsFrom(ToolSchema.names(schema), from).warn(warnings);
    }
    String drift = ToolSchema.drift(schema, upstream);
    if (drift != null) {
      warnings.add(drift);
    }
    return v.warn(warnings);
  }
}
