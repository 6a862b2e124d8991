package io.gatehouse.kit.internal;

import io.gatehouse.kit.Description;
import io.gatehouse.kit.KitErrors;
import io.gatehouse.kit.KitException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The JSON Schema (2020-12) of a record: an object whose properties are its components, each
 * required unless it is an {@code Optional}; strings, numbers, booleans, enums, lists, sets,
 * arrays, string-keyed maps and nested records; {@link Description} gives descriptions. Unknown
 * properties are refused ({@code additionalProperties: false}), so a misspelt argument is an error,
 * not silently dropped. A record that contains itself is refused: its schema would be infinite.
 */
public final class RecordSchemas {
  private RecordSchemas() {}

  /** The object schema of {@code type}, a record class. */
  public static Map<String, Object> of(Class<?> type) {
    if (!type.isRecord()) {
      throw new KitException(
          KitErrors.INVALID_TOOL, type.getName() + ": not a record (expected: a record class)");
    }
    return object(type, new HashSet<>());
  }

  private static Map<String, Object> object(Class<?> type, Set<Class<?>> enclosing) {
    if (!enclosing.add(type)) {
      throw new KitException(
          KitErrors.INVALID_TOOL,
          type.getName() + ": contains itself (expected: records without cycles)");
    }
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (RecordComponent c : type.getRecordComponents()) {
      Type t = c.getGenericType();
      boolean optional = c.getType() == Optional.class;
      Map<String, Object> schema = schema(optional ? argument(t, 0, c) : t, enclosing, c);
      Description d = c.getAnnotation(Description.class);
      if (d != null) {
        schema.put("description", d.value());
      }
      properties.put(c.getName(), schema);
      if (!optional) {
        required.add(c.getName());
      }
    }
    enclosing.remove(type);
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    Description d = type.getAnnotation(Description.class);
    if (d != null) {
      schema.put("description", d.value());
    }
    schema.put("properties", properties);
    if (!required.isEmpty()) {
      schema.put("required", required);
    }
    schema.put("additionalProperties", false);
    return schema;
  }

  private static Map<String, Object> schema(Type t, Set<Class<?>> enclosing, RecordComponent at) {
    if (t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
      if (Collection.class.isAssignableFrom(raw)) {
        Map<String, Object> array = typed("array");
        array.put("items", schema(argument(t, 0, at), enclosing, at));
        if (Set.class.isAssignableFrom(raw)) {
          array.put("uniqueItems", true);
        }
        return array;
      }
      if (Map.class.isAssignableFrom(raw) && argument(t, 0, at) == String.class) {
        Map<String, Object> map = typed("object");
        map.put("additionalProperties", schema(argument(t, 1, at), enclosing, at));
        return map;
      }
    }
    if (t instanceof Class<?> c) {
      Map<String, Object> simple = simple(c);
      if (simple != null) {
        return simple;
      }
      if (c.isEnum()) {
        Map<String, Object> e = typed("string");
        List<String> names = new ArrayList<>();
        for (Object constant : c.getEnumConstants()) {
          names.add(((Enum<?>) constant).name());
        }
        e.put("enum", names);
        return e;
      }
      if (c.isArray() && c != byte[].class) {
        Map<String, Object> array = typed("array");
        array.put("items", schema(c.getComponentType(), enclosing, at));
        return array;
      }
      if (c.isRecord()) {
        return object(c, enclosing);
      }
    }
    throw new KitException(
        KitErrors.INVALID_TOOL,
        at.getDeclaringRecord().getSimpleName()
            + "."
            + at.getName()
            + ": type "
            + t.getTypeName()
            + " (expected: a string, number, boolean, enum, record, List, Set, array,"
            + " Map<String, ...> or Optional of one)");
  }

  private static Map<String, Object> simple(Class<?> c) {
    if (c == String.class || c == char.class || c == Character.class) {
      return typed("string");
    }
    if (c == boolean.class || c == Boolean.class) {
      return typed("boolean");
    }
    if (c == int.class
        || c == Integer.class
        || c == long.class
        || c == Long.class
        || c == short.class
        || c == Short.class
        || c == byte.class
        || c == Byte.class
        || c == BigInteger.class) {
      return typed("integer");
    }
    if (c == double.class
        || c == Double.class
        || c == float.class
        || c == Float.class
        || c == BigDecimal.class) {
      return typed("number");
    }
    if (c == Instant.class || c == OffsetDateTime.class) {
      return formatted("date-time");
    }
    if (c == LocalDate.class) {
      return formatted("date");
    }
    if (c == UUID.class) {
      return formatted("uuid");
    }
    if (c == URI.class) {
      return formatted("uri");
    }
    return null;
  }

  private static Type argument(Type t, int index, RecordComponent at) {
    if (t instanceof ParameterizedType p) {
      return p.getActualTypeArguments()[index];
    }
    throw new KitException(
        KitErrors.INVALID_TOOL,
        at.getDeclaringRecord().getSimpleName()
            + "."
            + at.getName()
            + ": raw type "
            + t.getTypeName()
            + " (expected: its type arguments, such as List<String>)");
  }

  private static Map<String, Object> typed(String type) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", type);
    return schema;
  }

  private static Map<String, Object> formatted(String format) {
    Map<String, Object> schema = typed("string");
    schema.put("format", format);
    return schema;
  }
}
