package io.gatehouse.catalog;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * A deployment of transport {@code openapi}: a REST API served as MCP tools, one per operation of
 * an OpenAPI 3.0/3.1 document uploaded with the deployment (stored in the catalog, read as a whole
 * when the deployment is written).
 *
 * @param document the OpenAPI document (JSON)
 * @param baseUrl where the API is called, or null for the document's first {@code servers} entry
 * @param include operations kept (by tag, by operationId); both empty keep all
 * @param exclude operations left out, after {@code include}
 */
public record HostedApi(ObjectNode document, URI baseUrl, Pick include, Pick exclude)
    implements HostedUpstream {
  /** Operations by tag and by operationId. */
  public record Pick(List<String> tags, List<String> operations) {
    public static final Pick NONE = new Pick(List.of(), List.of());

    public Pick {
      tags = tags == null ? List.of() : List.copyOf(tags);
      operations = operations == null ? List.of() : List.copyOf(operations);
    }
  }

  public HostedApi {
    requireNonNull(document, "document");
    include = include == null ? Pick.NONE : include;
    exclude = exclude == null ? Pick.NONE : exclude;
  }
}
