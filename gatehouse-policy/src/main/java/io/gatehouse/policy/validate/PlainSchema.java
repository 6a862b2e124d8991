package io.gatehouse.policy.validate;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * An {@code inputSchema} plain enough to check while a call's arguments stream past, with no tree
 * and no validator: an object whose properties each name JSON types and nothing else, with {@code
 * required} and a boolean {@code additionalProperties}, as most tools declare. It only ever answers
 * "these arguments pass": for anything else (a wrong type, a missing or extra member, a fraction
 * where an integer is asked) the caller asks the full validator, which finds and names every
 * problem, so what a caller is told never depends on this shortcut.
 */
final class PlainSchema {
  /** Keywords that annotate and never constrain, in every dialect accepted here. */
  private static final Set<String> ANNOTATIONS =
      Set.of("title", "description", "$comment", "examples", "default", "deprecated");

  /** What an object schema may say and still be plain. */
  private static final Set<String> KEYWORDS =
      Set.of("type", "$schema", "properties", "required", "additionalProperties");

  /** The dialects whose {@code type}, {@code properties}, {@code required} agree with this. */
  private static final Set<String> DIALECTS =
      Set.of(
          "https://json-schema.org/draft/2020-12/schema",
          "https://json-schema.org/draft/2019-09/schema",
          "http://json-schema.org/draft-07/schema#",
          "http://json-schema.org/draft-07/schema");

  /** The most required members tracked (one bit each, the sign bit left free). */
  private static final int MOST_REQUIRED = 63;

  /** What may stand at a property: the token kinds of the types its schema names. */
  private enum Type {
    STRING,
    NUMBER,
    INTEGER,
    BOOLEAN,
    NULL,
    OBJECT,
    ARRAY;

    /**
     * The type JSON Schema names {@code name}, spelled exactly as the specification does: the
     * validator takes {@code "String"} for no type at all (so nothing fits it), and such a schema
     * is not plain.
     */
    static Type named(String name) {
      for (Type t : values()) {
        if (t.name().toLowerCase(java.util.Locale.ROOT).equals(name)) {
          return t;
        }
      }
      return null;
    }
  }

  /**
   * One member the schema names: the types it may have (all, for a name that is only required) and
   * its bit among the required ones (0 when not required).
   */
  private record Member(Set<Type> types, boolean declared, long bit) {}

  private static final Set<Type> ANY = EnumSet.allOf(Type.class);

  private final Map<String, Member> members;
  private final long allRequired;
  private final boolean closed;

  private PlainSchema(Map<String, Member> members, long allRequired, boolean closed) {
    this.members = members;
    this.allRequired = allRequired;
    this.closed = closed;
  }

  /** The plain form of {@code schema}, or null when it asks more than this can check. */
  static PlainSchema of(JsonNode schema) {
    if (!isPlainObject(schema)) {
      return null;
    }
    Map<String, Member> members = declared(schema.get("properties"));
    long all = members == null ? -1 : require(members, schema.get("required"));
    JsonNode additional = schema.get("additionalProperties");
    if (all < 0 || (additional != null && !additional.isBoolean())) {
      return null;
    }
    boolean closed = additional != null && !additional.booleanValue();
    return new PlainSchema(Map.copyOf(members), all, closed);
  }

  /** Whether {@code schema} is an object schema of a known dialect saying nothing but these. */
  private static boolean isPlainObject(JsonNode schema) {
    if (schema == null || !schema.isObject() || !"object".equals(text(schema.get("type")))) {
      return false;
    }
    JsonNode dialect = schema.get("$schema");
    if (dialect != null && !DIALECTS.contains(text(dialect))) {
      return false;
    }
    for (String keyword : schema.propertyNames()) {
      if (!ANNOTATIONS.contains(keyword) && !KEYWORDS.contains(keyword)) {
        return false;
      }
    }
    return true;
  }

  /** The members {@code properties} declares, or null when one asks more than a type. */
  private static Map<String, Member> declared(JsonNode properties) {
    Map<String, Member> members = new HashMap<>();
    if (properties == null) {
      return members;
    }
    if (!properties.isObject()) {
      return null;
    }
    for (Map.Entry<String, JsonNode> p : properties.properties()) {
      Set<Type> types = types(p.getValue());
      if (types == null) {
        return null;
      }
      members.put(p.getKey(), new Member(types, true, 0));
    }
    return members;
  }

  /**
   * Gives each name {@code required} lists a bit in {@code members} (adding the names no property
   * declares); returns all the bits, or -1 when the list is not a list of distinct names.
   */
  private static long require(Map<String, Member> members, JsonNode required) {
    if (required == null) {
      return 0;
    }
    if (!required.isArray() || required.size() > MOST_REQUIRED) {
      return -1;
    }
    long all = 0;
    for (JsonNode r : required) {
      Member m = r.isString() ? members.get(r.stringValue()) : null;
      if (!r.isString() || (m != null && m.bit() != 0)) {
        return -1;
      }
      long bit = 1L << Long.numberOfTrailingZeros(~all);
      all |= bit;
      members.put(
          r.stringValue(),
          m == null ? new Member(ANY, false, bit) : new Member(m.types(), true, bit));
    }
    return all;
  }

  /** The types a property's schema allows, or null when it constrains more than the type. */
  private static Set<Type> types(JsonNode property) {
    if (property.isBoolean()) {
      return property.booleanValue() ? ANY : null;
    }
    if (!property.isObject()) {
      return null;
    }
    Set<Type> types = ANY;
    for (Map.Entry<String, JsonNode> k : property.properties()) {
      if (k.getKey().equals("type")) {
        types = typeList(k.getValue());
        if (types == null) {
          return null;
        }
      } else if (!ANNOTATIONS.contains(k.getKey())) {
        return null;
      }
    }
    return types;
  }

  private static Set<Type> typeList(JsonNode type) {
    Set<Type> types = EnumSet.noneOf(Type.class);
    for (JsonNode t : type.isArray() ? type : List.of(type)) {
      Type one = t.isString() ? Type.named(t.stringValue()) : null;
      if (one == null) {
        return null;
      }
      types.add(one);
    }
    return types.isEmpty() ? null : types;
  }

  private static String text(JsonNode n) {
    return n != null && n.isString() ? n.stringValue() : null;
  }

  /**
   * Reads the arguments object {@code p} stands at the start of, to its end, and answers whether
   * they surely fit. False may leave {@code p} anywhere inside: the caller then gives up this pass.
   */
  boolean accepts(JsonParser p) {
    long seen = 0;
    for (String name = p.nextName(); name != null; name = p.nextName()) {
      JsonToken t = p.nextToken();
      Member m = members.get(name);
      if (m == null) {
        if (closed) {
          return false;
        }
      } else if ((closed && !m.declared()) || !fits(m.types(), t)) {
        return false;
      } else {
        seen |= m.bit();
      }
      p.skipChildren();
    }
    return seen == allRequired;
  }

  private static boolean fits(Set<Type> types, JsonToken t) {
    return switch (t) {
      case VALUE_STRING -> types.contains(Type.STRING);
      case VALUE_NUMBER_INT -> types.contains(Type.INTEGER) || types.contains(Type.NUMBER);
      case VALUE_NUMBER_FLOAT -> types.contains(Type.NUMBER);
      case VALUE_TRUE, VALUE_FALSE -> types.contains(Type.BOOLEAN);
      case VALUE_NULL -> types.contains(Type.NULL);
      case START_OBJECT -> types.contains(Type.OBJECT);
      case START_ARRAY -> types.contains(Type.ARRAY);
      default -> false;
    };
  }
}
