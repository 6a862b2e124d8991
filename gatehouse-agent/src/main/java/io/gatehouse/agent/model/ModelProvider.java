package io.gatehouse.agent.model;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A model provider: an OpenAI-compatible endpoint, the key it takes, and the models it serves.
 *
 * @param name {@code [a-z0-9][a-z0-9-]{0,62}}
 * @param baseUrl such as {@code https://api.openai.com/v1}
 * @param api which of the provider's APIs is called
 * @param apiKey where its key is
 * @param models the model names it serves, each a name or a glob ({@code gpt-4o*}, {@code *})
 * @param timeout how long one attempt may wait for an answer
 * @param retries how many times a 429, a 5xx or a failed connection is tried again
 * @param managedBy {@link #BY_API} or {@link #BY_CONFIG}: the admin API changes only its own
 */
public record ModelProvider(
    String name,
    URI baseUrl,
    Api api,
    ApiKey apiKey,
    List<String> models,
    Duration timeout,
    int retries,
    String managedBy,
    Instant createdAt,
    Instant updatedAt) {
  public static final String BY_API = "api";
  public static final String BY_CONFIG = "config";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  public static final int DEFAULT_RETRIES = 2;

  public ModelProvider {
    requireNonNull(name, "name");
    requireNonNull(baseUrl, "baseUrl");
    requireNonNull(api, "api");
    requireNonNull(apiKey, "apiKey");
    models = List.copyOf(models);
    requireNonNull(timeout, "timeout");
    requireNonNull(managedBy, "managedBy");
  }

  /** The vault secret (project {@code default}) a key given as a value is kept in. */
  public static String storedKeyName(String provider) {
    return "model-provider." + provider + ".api-key";
  }

  /** Which API of the provider each turn calls. */
  public enum Api {
    /** {@code POST {baseUrl}/chat/completions}: every OpenAI-compatible server has it. */
    CHAT_COMPLETIONS("chat-completions"),
    /** {@code POST {baseUrl}/responses}, with {@code store: false}. */
    RESPONSES("responses");

    private final String wireName;

    Api(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    /** The API named {@code wire}, or null. */
    public static Api fromWire(String wire) {
      for (Api a : values()) {
        if (a.wireName.equals(wire)) {
          return a;
        }
      }
      return null;
    }
  }

  /** Where a provider's key is; never the key itself. */
  public sealed interface ApiKey {
    /** No key: a local server that takes none. */
    record None() implements ApiKey {}

    /** The vault secret {@code name} of project {@code default}, managed by whoever set it. */
    record VaultSecret(String name) implements ApiKey {
      public VaultSecret {
        requireNonNull(name, "name");
      }
    }

    /** A value given to Gatehouse, kept in the vault as {@link #storedKeyName}. */
    record Stored() implements ApiKey {}
  }
}
