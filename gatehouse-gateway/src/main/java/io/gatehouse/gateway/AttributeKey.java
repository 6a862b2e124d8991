package io.gatehouse.gateway;

import static java.util.Objects.requireNonNull;

/**
 * A typed key for state a filter attaches to an {@link McpExchange}. Keys compare by identity, so
 * two keys with the same name never collide; the name is for logs and debugging.
 *
 * @param <T> the type of the value
 */
public final class AttributeKey<T> {
  private final String name;
  private final Class<T> type;

  private AttributeKey(String name, Class<T> type) {
    this.name = requireNonNull(name, "name");
    this.type = requireNonNull(type, "type");
  }

  public static <T> AttributeKey<T> of(String name, Class<T> type) {
    return new AttributeKey<>(name, type);
  }

  public String name() {
    return name;
  }

  T cast(Object value) {
    return type.cast(value);
  }

  @Override
  public String toString() {
    return "AttributeKey[" + name + "]";
  }
}
