package io.gatehouse.hosting.openapi;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes the tools of an OpenAPI document: one per operation that the selection keeps, in document
 * order. Path-level parameters apply to every operation below them unless the operation redefines
 * one (same name and {@code in}); cookie parameters are not supported and left out.
 */
final class ToolBuilder {
  private static final List<String> METHODS =
      List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static final int MAX_NAME = 64;

  private final JsonNode document;
  private final Refs refs;

  ToolBuilder(JsonNode document) {
    this.document = document;
    this.refs = new Refs(document);
  }

  List<RestTool> build(Selection include, Selection exclude) {
    List<RestTool> tools = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Map.Entry<String, JsonNode> p : document.path("paths").properties()) {
      JsonNode item = refs.resolve(p.getValue());
      for (String method : METHODS) {
        JsonNode op = item.get(method);
        if (op == null || !op.isObject()) {
          continue;
        }
        String id = op.path("operationId").asString(null);
        Set<String> tags = new LinkedHashSet<>();
        op.path("tags").forEach(t -> tags.add(t.asString()));
        if ((!include.isEmpty() && !include.matches(id, tags)) || exclude.matches(id, tags)) {
          continue;
        }
        String name = unique(sanitize(id != null ? id : method + "_" + p.getKey()), names);
        tools.add(tool(name, method, p.getKey(), item, op));
      }
    }
    return tools;
  }

  private RestTool tool(String name, String method, String path, JsonNode item, JsonNode op) {
    ObjectNode props = JsonNodeFactory.instance.objectNode();
    ArrayNode required = JsonNodeFactory.instance.arrayNode();
    List<RestTool.Arg> args = new ArrayList<>();
    for (JsonNode param : parameters(item, op).values()) {
      RestTool.In in =
          switch (param.path("in").asString("")) {
            case "path" -> RestTool.In.PATH;
            case "query" -> RestTool.In.QUERY;
            case "header" -> RestTool.In.HEADER;
            default -> null;
          };
      String pname = param.path("name").asString("");
      if (in == null || pname.isEmpty() || props.has(pname)) {
        continue;
      }
      ObjectNode schema = schemaOf(param);
      if (param.hasNonNull("description") && !schema.has("description")) {
        schema.put("description", param.get("description").asString());
      }
      props.set(pname, schema);
      if (in == RestTool.In.PATH || param.path("required").asBoolean(false)) {
        required.add(pname);
      }
      args.add(new RestTool.Arg(pname, in, pname));
    }
    body(op, props, required, args);
    ObjectNode input = JsonNodeFactory.instance.objectNode().put("type", "object");
    input.set("properties", props);
    if (!required.isEmpty()) {
      input.set("required", required);
    }
    return new RestTool(name, description(op), input, method.toUpperCase(Locale.ROOT), path, args);
  }

  private void body(JsonNode op, ObjectNode props, ArrayNode required, List<RestTool.Arg> args) {
    JsonNode body = op.get("requestBody");
    JsonNode schema = body == null ? null : jsonSchemaOf(body.path("content"));
    if (schema == null) {
      return;
    }
    boolean bodyRequired = body.path("required").asBoolean(false);
    JsonNode bodyProps = schema.path("properties");
    boolean spread =
        "object".equals(schema.path("type").asString(""))
            && bodyProps.isObject()
            && !bodyProps.isEmpty()
            && bodyProps.propertyNames().stream().noneMatch(props::has);
    if (spread) {
      Set<String> bodyRequiredNames = new HashSet<>();
      schema.path("required").forEach(r -> bodyRequiredNames.add(r.asString()));
      for (Map.Entry<String, JsonNode> e : bodyProps.properties()) {
        props.set(e.getKey(), e.getValue());
        if (bodyRequired && bodyRequiredNames.contains(e.getKey())) {
          required.add(e.getKey());
        }
        args.add(new RestTool.Arg(e.getKey(), RestTool.In.BODY_PROPERTY, e.getKey()));
      }
      return;
    }
    String argName = props.has("body") ? "requestBody" : "body";
    ObjectNode s = ((ObjectNode) schema).deepCopy();
    if (body.hasNonNull("description") && !s.has("description")) {
      s.put("description", body.get("description").asString());
    }
    props.set(argName, s);
    if (bodyRequired) {
      required.add(argName);
    }
    args.add(new RestTool.Arg(argName, RestTool.In.BODY, argName));
  }

  private JsonNode jsonSchemaOf(JsonNode content) {
    for (Map.Entry<String, JsonNode> e : content.properties()) {
      String type = e.getKey().toLowerCase(Locale.ROOT);
      if (type.startsWith("application/json") || type.matches("application/[^;]*\\+json.*")) {
        JsonNode schema = e.getValue().get("schema");
        return Schemas.toJsonSchema(schema == null ? null : schema);
      }
    }
    return null;
  }

  private ObjectNode schemaOf(JsonNode param) {
    JsonNode schema = param.get("schema");
    if (schema == null && param.path("content").isObject()) {
      schema = jsonSchemaOf(param.get("content"));
    }
    JsonNode s = Schemas.toJsonSchema(schema);
    return s.isObject() ? ((ObjectNode) s).deepCopy() : JsonNodeFactory.instance.objectNode();
  }

  private Map<String, JsonNode> parameters(JsonNode item, JsonNode op) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (JsonNode list : List.of(item.path("parameters"), op.path("parameters"))) {
      for (JsonNode p : list) {
        JsonNode param = refs.resolve(p);
        out.put(param.path("in").asString("") + ":" + param.path("name").asString(""), param);
      }
    }
    return out;
  }

  private static String description(JsonNode op) {
    String summary = op.path("summary").asString("").strip();
    String text = op.path("description").asString("").strip();
    if (summary.isEmpty() || text.isEmpty() || text.startsWith(summary)) {
      return summary.isEmpty() ? text : (text.isEmpty() ? summary : text);
    }
    return summary + "\n\n" + text;
  }

  /** Makes {@code raw} fit {@code [a-zA-Z0-9_-]{1,64}}: other characters become underscores. */
  static String sanitize(String raw) {
    String s = raw.replaceAll("[^a-zA-Z0-9_-]", "_").replaceAll("_{2,}", "_");
    s = s.replaceAll("^_+", "").replaceAll("_+$", "");
    if (s.isEmpty()) {
      s = "operation";
    }
    return s.length() > MAX_NAME ? s.substring(0, MAX_NAME) : s;
  }

  /** {@code name}, or {@code name_2}, {@code name_3}... shortened to fit, whichever is free. */
  static String unique(String name, Set<String> taken) {
    String candidate = name;
    for (int n = 2; !taken.add(candidate); n++) {
      String suffix = "_" + n;
      candidate = name.substring(0, Math.min(name.length(), MAX_NAME - suffix.length())) + suffix;
    }
    return candidate;
  }
}
