package io.gatehouse.catalog;

import io.gatehouse.catalog.internal.validation.DocumentRules;
import io.gatehouse.catalog.internal.validation.Problems;
import tools.jackson.databind.JsonNode;

/**
 * Checks a server.json document against the MCP registry's rules: the JSON schema's shape (required
 * fields, types, lengths, patterns, package and transport variants) and the official registry's
 * semantic checks (reverse-DNS names, no version ranges or {@code latest}, URL rules), written out
 * in Java so the product needs no copy of the schema. Public-registry rules a private catalog must
 * relax (private and loopback hosts, plain http) become warnings. Every problem is reported, not
 * only the first.
 */
public final class ServerJsonValidator {
  private ServerJsonValidator() {}

  public static Validation validate(JsonNode document) {
    Problems problems = new Problems();
    DocumentRules.check(document, problems);
    return new Validation(problems.errors(), problems.warnings());
  }
}
