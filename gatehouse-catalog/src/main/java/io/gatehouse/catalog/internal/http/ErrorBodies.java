package io.gatehouse.catalog.internal.http;

import io.gatehouse.catalog.CatalogException;
import io.gatehouse.catalog.Problem;
import io.gatehouse.catalog.internal.Jsons;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The two error shapes. The registry API keeps the OpenAPI's {@code {"error": "message"}} and adds a stable
 * {@code code} and, for refused documents, {@code errors[]} with each field. The admin API uses Gatehouse's
 * {@code {"error": {"code", "message", "details": [...], "hint"}}}.
 */
final class ErrorBodies {
  private ErrorBodies() {}

  static ObjectNode registry(CatalogException e) {
    ObjectNode o = Jsons.MAPPER.createObjectNode().put("error", e.getMessage()).put("code", e.error().name());
    if (!e.details().isEmpty()) {
      problems(o.putArray("errors"), e);
    }
    return o;
  }

  static ObjectNode admin(CatalogException e, String hint) {
    ObjectNode o = Jsons.MAPPER.createObjectNode();
    ObjectNode error = o.putObject("error").put("code", e.error().name()).put("message", e.getMessage());
    problems(error.putArray("details"), e);
    if (hint != null) {
      error.put("hint", hint);
    }
    return o;
  }

  private static void problems(ArrayNode out, CatalogException e) {
    for (Problem p : e.details()) {
      out.addObject().put("field", p.field()).put("rule", p.rule()).put("message", p.message());
    }
  }
}
