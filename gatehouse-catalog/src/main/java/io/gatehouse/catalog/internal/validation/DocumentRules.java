package io.gatehouse.catalog.internal.validation;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The top level of a server.json document: name, description, title, version, links, icons, _meta.
 */
public final class DocumentRules {
  /** The schema's pattern: one '/' between a namespace and a name. */
  static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$");

  /** The official registry's stricter check: both parts start and end with a letter or digit. */
  static final Pattern NAME_PARTS =
      Pattern.compile(
          "^[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?/[a-zA-Z0-9](?:[a-zA-Z0-9._-]*[a-zA-Z0-9])?$");

  static final int MAX_PUBLISHER_META_BYTES = 4096;

  private DocumentRules() {}

  public static void check(JsonNode doc, Problems p) {
    if (doc == null || !doc.isObject()) {
      p.error("", "invalid-document", "the body must be a JSON object: a server.json document");
      return;
    }
    name(doc, p);
    String description = p.string(doc, "description", "description", true);
    if (description != null) {
      p.length(description, "description", 1, 100);
    }
    title(doc, p);
    VersionRules.serverVersion(p.string(doc, "version", "version", true), "version", p);
    String schema = p.string(doc, "$schema", "$schema", false);
    if (schema != null && !UrlRules.isAbsoluteHttpUrl(schema)) {
      p.error(
          "$schema",
          "invalid-schema-url",
          "'"
              + schema
              + "' (expected: the schema URL, such as "
              + "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json)");
    }
    UrlRules.website(p.string(doc, "websiteUrl", "websiteUrl", false), p);
    RepositoryRules.check(p.object(doc, "repository", "repository", false), p);
    IconRules.check(p.array(doc, "icons", "icons"), p);
    PackageRules.check(p.array(doc, "packages", "packages"), p);
    TransportRules.remotes(p.array(doc, "remotes", "remotes"), p);
    meta(doc, p);
  }

  /**
   * Public so callers that take a server name outside a document (paths, imports) check it the same
   * way.
   */
  public static boolean isValidName(String name) {
    return name != null
        && name.length() >= 3
        && name.length() <= 200
        && NAME.matcher(name).matches()
        && NAME_PARTS.matcher(name).matches();
  }

  private static void name(JsonNode doc, Problems p) {
    String name = p.string(doc, "name", "name", true);
    if (name == null) {
      return;
    }
    if (name.length() < 3 || name.length() > 200) {
      p.error("name", "invalid-length", name.length() + " characters (expected: 3 to 200)");
    } else if (!NAME.matcher(name).matches() || !NAME_PARTS.matcher(name).matches()) {
      p.error(
          "name",
          "invalid-server-name",
          "'"
              + name
              + "' (expected: a reverse-DNS namespace, one '/', then a name,"
              + " such as io.github.user/weather; each part starts and ends with a letter or digit)");
    }
  }

  private static void title(JsonNode doc, Problems p) {
    String title = p.string(doc, "title", "title", false);
    if (title == null) {
      return;
    }
    p.length(title, "title", 1, 100);
    if (!title.isEmpty() && title.isBlank()) {
      p.error(
          "title", "title-blank", "only whitespace (expected: a display name, or no title at all)");
    }
  }

  private static void meta(JsonNode doc, Problems p) {
    JsonNode meta = p.object(doc, "_meta", "_meta", false);
    if (meta == null) {
      return;
    }
    String key = "io.modelcontextprotocol.registry/publisher-provided";
    JsonNode provided = p.object(meta, key, "_meta." + key, false);
    int bytes = provided == null ? 0 : provided.toString().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_PUBLISHER_META_BYTES) {
      p.error(
          "_meta." + key,
          "publisher-meta-too-large",
          bytes + " bytes of JSON (expected: at most " + MAX_PUBLISHER_META_BYTES + ")");
    }
  }
}
