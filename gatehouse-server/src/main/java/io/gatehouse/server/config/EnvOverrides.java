package io.gatehouse.server.config;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies {@code GATEHOUSE_<PATH>} environment variables to the configuration tree. The path is the
 * key path in upper case with {@code _} for both {@code .} and {@code -}: {@code
 * GATEHOUSE_LISTEN_PORT} sets {@code listen.port}, {@code GATEHOUSE_PUBLIC_URL} sets {@code
 * public-url}, {@code GATEHOUSE_ROUTES_0_UPSTREAM_URL} sets {@code routes[0].upstream.url}. It is
 * resolved against the configuration's shape, so the ambiguity of {@code _} never picks a key that
 * does not exist.
 */
final class EnvOverrides {
  static final String PREFIX = "GATEHOUSE_";

  /** Variables of that prefix that configure the launcher, not the server. */
  private static final java.util.Set<String> NOT_CONFIG =
      java.util.Set.of("GATEHOUSE_JAVA_OPTS", VaultSettings.MASTER_KEY_ENV);

  private EnvOverrides() {}

  /**
   * Applies the overrides in name order and returns the keys that matched nothing (to warn about).
   */
  static List<String> apply(ObjectNode root, Map<String, String> env) {
    List<String> unmatched = new java.util.ArrayList<>();
    new TreeMap<>(env)
        .forEach(
            (name, value) -> {
              if (name.startsWith(PREFIX)
                  && name.length() > PREFIX.length()
                  && !NOT_CONFIG.contains(name)) {
                String[] tokens = name.substring(PREFIX.length()).split("_");
                if (!set(root, RawConfig.class, tokens, 0, value)) {
                  unmatched.add(name);
                }
              }
            });
    return unmatched;
  }

  private static boolean set(ObjectNode node, Class<?> type, String[] tokens, int i, String value) {
    for (RecordComponent c : type.getRecordComponents()) {
      String key = kebab(c.getName());
      String[] keyTokens = key.toUpperCase(Locale.ROOT).split("-");
      if (!startsWith(tokens, i, keyTokens)) {
        continue;
      }
      int j = i + keyTokens.length;
      if (j == tokens.length) {
        if (c.getType().isRecord() || c.getType() == List.class) {
          continue;
        }
        node.put(key, value);
        return true;
      }
      if (c.getType().isRecord()) {
        return set(child(node, key), c.getType(), tokens, j, value);
      }
      if (c.getType() == List.class
          && elementType(c.getGenericType()) instanceof Class<?> element
          && element.isRecord()) {
        return setInList(node, key, element, tokens, j, value);
      }
      if (c.getType() == Map.class) {
        child(node, key)
            .put(String.join("_", java.util.Arrays.copyOfRange(tokens, j, tokens.length)), value);
        return true;
      }
    }
    return false;
  }

  private static boolean setInList(
      ObjectNode node, String key, Class<?> element, String[] tokens, int j, String value) {
    int index;
    try {
      index = Integer.parseInt(tokens[j]);
    } catch (NumberFormatException e) {
      return false;
    }
    ArrayNode list = node.get(key) instanceof ArrayNode a ? a : node.putArray(key);
    while (list.size() <= index) {
      list.addObject();
    }
    return list.get(index) instanceof ObjectNode item && set(item, element, tokens, j + 1, value);
  }

  private static ObjectNode child(ObjectNode node, String key) {
    JsonNode existing = node.get(key);
    return existing instanceof ObjectNode o ? o : node.putObject(key);
  }

  private static boolean startsWith(String[] tokens, int i, String[] prefix) {
    if (tokens.length - i < prefix.length) {
      return false;
    }
    for (int k = 0; k < prefix.length; k++) {
      if (!tokens[i + k].equals(prefix[k])) {
        return false;
      }
    }
    return true;
  }

  private static Type elementType(Type listType) {
    return listType instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
  }

  static String kebab(String camel) {
    StringBuilder sb = new StringBuilder(camel.length() + 4);
    for (char ch : camel.toCharArray()) {
      if (Character.isUpperCase(ch)) {
        sb.append('-').append(Character.toLowerCase(ch));
      } else {
        sb.append(ch);
      }
    }
    return sb.toString();
  }
}
