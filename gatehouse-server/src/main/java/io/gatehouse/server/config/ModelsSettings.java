package io.gatehouse.server.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The top-level {@code models:}: the model providers the file defines, each in the admin API's form
 * (a key read from the environment is in it as {@code apiKey.value}, to be kept in the vault).
 *
 * @param providers in the file's order, already checked
 */
public record ModelsSettings(List<Defined> providers) {
  public static final ModelsSettings NONE = new ModelsSettings(List.of());

  public ModelsSettings {
    providers = List.copyOf(providers);
  }

  /** The bodies, for {@code ModelProviders.syncConfig}. */
  public List<JsonNode> bodies() {
    return providers.stream().map(Defined::body).toList();
  }

  /**
   * One provider of the file.
   *
   * @param key where it is in the file ({@code models.providers[0]}), for messages
   */
  public record Defined(String key, String name, JsonNode body) {
    public Defined {
      requireNonNull(key, "key");
      requireNonNull(body, "body");
    }

    /** Never the body: it may hold a key read from the environment. */
    @Override
    public String toString() {
      return "Defined[" + key + " " + name + "]";
    }
  }
}
