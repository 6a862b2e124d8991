package io.gatehouse.testkit;

import static io.gatehouse.testkit.FixtureSpecs.textResource;

import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.spec.McpSchema.BlobResourceContents;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceContents;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fixture's resources: static text and binary, a template, a watched resource whose text
 * changes.
 */
final class FixtureResources {

  static final String WATCHED_URI = "test://watched-resource";
  static final String DYNAMIC_URI = "test://dynamic-resource";
  private static final Pattern TEMPLATE_URI = Pattern.compile("test://template/([^/]+)/data");

  private final AtomicInteger watchedRevision = new AtomicInteger();

  List<SyncResourceSpecification> resources() {
    return List.of(
        resource(
            "test://static-text",
            "static-text",
            "A static text resource",
            "text/plain",
            textResource(
                "test://static-text",
                "text/plain",
                "This is the content of the static text resource.")),
        resource(
            "test://static-binary",
            "static-binary",
            "A static binary resource (1x1 PNG)",
            FixtureMedia.PNG_MIME_TYPE,
            BlobResourceContents.builder("test://static-binary", FixtureMedia.RED_PIXEL_PNG)
                .mimeType(FixtureMedia.PNG_MIME_TYPE)
                .build()),
        new SyncResourceSpecification(
            describe(
                WATCHED_URI,
                "watched-resource",
                "A subscribable resource whose text changes every few seconds",
                "text/plain"),
            (exchange, request) ->
                single(
                    textResource(
                        WATCHED_URI,
                        "text/plain",
                        "Watched resource content, revision " + watchedRevision.get()))));
  }

  List<SyncResourceTemplateSpecification> templates() {
    ResourceTemplate template =
        ResourceTemplate.builder("test://template/{id}/data", "template")
            .title("Resource template")
            .description("Substitutes {id} into the returned JSON")
            .mimeType("application/json")
            .build();
    return List.of(
        new SyncResourceTemplateSpecification(
            template, (exchange, request) -> readTemplate(request)));
  }

  /** Added a few seconds after start so clients see notifications/resources/list_changed. */
  SyncResourceSpecification dynamicResource() {
    return resource(
        DYNAMIC_URI,
        "dynamic-resource",
        "A resource added after the server started",
        "text/plain",
        textResource(DYNAMIC_URI, "text/plain", "Dynamic resource content."));
  }

  /** Changes the watched resource's text; the caller then notifies subscribers. */
  void touchWatched() {
    watchedRevision.incrementAndGet();
  }

  private static ReadResourceResult readTemplate(ReadResourceRequest request) {
    Matcher matcher = TEMPLATE_URI.matcher(request.uri());
    String id = matcher.matches() ? matcher.group(1) : "";
    String json =
        FixtureSpecs.json(Map.of("id", id, "templateTest", true, "data", "Data for ID: " + id));
    return single(textResource(request.uri(), "application/json", json));
  }

  private static SyncResourceSpecification resource(
      String uri, String name, String description, String mimeType, ResourceContents contents) {
    return new SyncResourceSpecification(
        describe(uri, name, description, mimeType), (exchange, request) -> single(contents));
  }

  private static Resource describe(String uri, String name, String description, String mimeType) {
    return Resource.builder(uri, name).description(description).mimeType(mimeType).build();
  }

  private static ReadResourceResult single(ResourceContents contents) {
    return ReadResourceResult.builder(List.of(contents)).build();
  }
}
