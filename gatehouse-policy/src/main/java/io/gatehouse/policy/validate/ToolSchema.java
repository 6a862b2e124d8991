package io.gatehouse.policy.validate;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * One JSON Schema an upstream declared for a tool ({@code inputSchema} or {@code outputSchema}),
 * compiled on first use and kept. JSON Schema 2020-12 unless its {@code $schema} names another
 * dialect the validator knows (draft-07, say). The validator never loads anything a schema points
 * to: a {@code $ref} outside the schema itself (to a URL, a file) fails to resolve, so an
 * upstream's schema cannot make the gateway reach the network or the disk. A schema that cannot be
 * compiled is logged once and checks nothing.
 */
final class ToolSchema {
  private static final Logger log = LoggerFactory.getLogger(ToolSchema.class);

  private final JsonNode source;
  private final String what;
  private final PlainSchema plain;
  private volatile Schema compiled;
  private volatile boolean broken;

  /**
   * @param what names the schema in logs: route, tool and which of its schemas
   */
  ToolSchema(JsonNode source, String what) {
    this.source = source;
    this.what = what;
    this.plain = PlainSchema.of(source);
  }

  /** The schema's plain form, for checking while the arguments stream past; null when not plain. */
  PlainSchema plain() {
    return plain;
  }

  /** The schema as the upstream listed it. */
  JsonNode source() {
    return source;
  }

  /** Whether the schema could not be compiled, so it checks nothing. */
  boolean broken() {
    return broken;
  }

  /**
   * Adds each way {@code instance} fails the schema to {@code out}, under {@code base} (a pointer
   * into params, such as {@code /arguments}).
   */
  void check(JsonNode instance, String base, Violations out) {
    Schema s = schema();
    if (s == null) {
      return;
    }
    List<Error> errors;
    try {
      errors = s.validate(instance);
    } catch (RuntimeException e) {
      // An unresolvable $ref surfaces here, on first use of the branch holding it.
      markBroken(e);
      return;
    }
    for (Error e : errors) {
      out.add(base + pointer(e), SchemaMessages.of(e));
    }
  }

  private Schema schema() {
    Schema s = compiled;
    if (s != null || broken) {
      return s;
    }
    try {
      s = registry().getSchema(source);
      s.initializeValidators();
      compiled = s;
      return s;
    } catch (RuntimeException e) {
      markBroken(e);
      return null;
    }
  }

  private void markBroken(RuntimeException e) {
    if (!broken) {
      broken = true;
      log.warn(
          "{}: the schema cannot be used, so it checks nothing: {}",
          what,
          e.getClass().getSimpleName());
    }
  }

  /** A registry per schema: schemas with the same {@code $id} must not share a cache entry. */
  private static SchemaRegistry registry() {
    return SchemaRegistry.withDefaultDialect(
        SpecificationVersion.DRAFT_2020_12,
        b ->
            b.schemaLoader(
                l -> l.fetchRemoteResources(false).block(iri -> !isMetaSchema(iri.toString()))));
  }

  /** The dialects' own meta-schemas, which the validator carries and never fetches. */
  private static boolean isMetaSchema(String iri) {
    return iri.startsWith("https://json-schema.org/") || iri.startsWith("http://json-schema.org/");
  }

  /** The JSON Pointer of where an error is, within the validated instance. */
  private static String pointer(Error e) {
    StringBuilder b = new StringBuilder();
    var at = e.getInstanceLocation();
    for (int i = 0; i < at.getNameCount(); i++) {
      b.append('/').append(Violations.escape(at.getName(i)));
    }
    // required and additional-property errors name the member itself.
    String keyword = e.getKeyword();
    if (e.getProperty() != null
        && ("required".equals(keyword)
            || "additionalProperties".equals(keyword)
            || "unevaluatedProperties".equals(keyword))) {
      b.append('/').append(Violations.escape(e.getProperty()));
    }
    return b.toString();
  }
}
