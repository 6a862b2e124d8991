package io.gatehouse.agent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.Principal;
import io.gatehouse.core.Secret;
import io.gatehouse.core.net.Egress;
import io.gatehouse.store.testing.TestDatabases;
import io.gatehouse.testkit.ScriptedModel;
import io.gatehouse.testkit.ScriptedModel.Reply;
import io.gatehouse.vault.Keyring;
import io.gatehouse.vault.Vault;
import io.gatehouse.vault.VaultErrors;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * Model providers and token usage in the store, the same on SQLite and PostgreSQL: providers from
 * the API and the file, their keys in the vault and nowhere else, routing by model, usage totals.
 */
abstract class ModelStoreContract {
  abstract TestDatabases.Throwaway open();

  @TempDir Path dir;
  private final TestClock clock = new TestClock(Instant.parse("2026-12-07T09:00:00Z"));
  private final List<AutoCloseable> closing = new ArrayList<>();
  private TestDatabases.Throwaway db;
  private Vault vault;
  private ModelProviders providers;

  @BeforeEach
  void openStore() {
    db = open();
    vault = Vault.open(db.database(), Keyring.fromFile(dir.resolve("master.key"), true), clock);
    providers = ModelProviders.open(db.database(), () -> vault, Egress.defaults(), clock);
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    providers.close();
    db.close();
  }

  private ScriptedModel model(String key) {
    ScriptedModel m = ScriptedModel.start(key);
    closing.add(m);
    return m;
  }

  private static String newKey() {
    return "k-" + UUID.randomUUID();
  }

  private static ObjectNode provider(String name, ScriptedModel m, String... models) {
    ObjectNode n = ChatWire.JSON.createObjectNode();
    n.put("name", name).put("baseUrl", m.baseUrl().toString());
    var list = n.putArray("models");
    for (String s : models) {
      list.add(s);
    }
    return n;
  }

  private static ModelCall ask(String model) {
    return new ModelCall(model, List.of(new ChatMessage.User("hi")), List.of(), null, null);
  }

  @Test
  void a_key_given_as_a_value_is_kept_in_the_vault_and_used_but_never_in_the_row() {
    String key = newKey();
    ScriptedModel m = model(key);
    m.reply(Reply.text("hello"));
    ObjectNode body = provider("local", m, "llama-*");
    body.putObject("apiKey").put("value", key);
    body.put("timeout", "30s").put("retries", 1);

    ModelProvider p = providers.create(body);

    assertThat(p.apiKey()).isEqualTo(new ModelProvider.ApiKey.Stored());
    assertThat(p.managedBy()).isEqualTo("api");
    assertThat(p.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(vault.get(Principal.DEFAULT_PROJECT, "model-provider.local.api-key").reveal())
        .isEqualTo(key);
    List<String> cells =
        db.database()
            .read(
                tx ->
                    tx.list(
                        "SELECT * FROM model_providers",
                        rs -> {
                          StringBuilder b = new StringBuilder();
                          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            b.append(rs.getString(i)).append('|');
                          }
                          return b.toString();
                        }));
    assertThat(cells).hasSize(1);
    assertThat(cells.getFirst()).doesNotContain(key).contains("stored");
    assertThat(ModelProviders.json(p).toString())
        .doesNotContain(key)
        .contains("\"apiKey\":{\"stored\":true}");

    assertThat(providers.complete(ask("llama-3")).text()).isEqualTo("hello");
    assertThat(m.requests().getFirst().path("model").asString()).isEqualTo("llama-3");
  }

  @Test
  void a_key_named_as_a_vault_secret_is_read_from_the_vault_and_a_missing_one_is_named() {
    String key = newKey();
    ScriptedModel m = model(key);
    ObjectNode body = provider("named", m, "gpt-4o");
    body.putObject("apiKey").put("secret", "OPENAI_KEY");
    providers.create(body);

    assertThatThrownBy(() -> providers.complete(ask("gpt-4o")))
        .isInstanceOfSatisfying(
            ModelFailure.class,
            f -> {
              assertThat(f.error()).isEqualTo(ModelErrors.MODEL_KEY_UNAVAILABLE);
              assertThat(f.getMessage()).contains("OPENAI_KEY").contains("named");
            });

    vault.put(Principal.DEFAULT_PROJECT, "OPENAI_KEY", Secret.of(key));
    providers.refresh(); // what the vault's API does on a change; else within REFRESH
    assertThat(providers.complete(ask("gpt-4o")).text()).isEqualTo("done");
  }

  @Test
  void replacing_keeps_a_stored_key_when_asked_and_deleting_takes_it_with_the_provider() {
    String key = newKey();
    ScriptedModel m = model(key);
    ObjectNode body = provider("local", m, "a");
    body.putObject("apiKey").put("value", key);
    ModelProvider created = providers.create(body);
    clock.advance(Duration.ofMinutes(1));

    ObjectNode again = provider("local", m, "a", "b");
    again.putObject("apiKey").put("stored", true);
    ModelProvider replaced = providers.replace("local", again);

    assertThat(replaced.models()).containsExactly("a", "b");
    assertThat(replaced.createdAt()).isEqualTo(created.createdAt());
    assertThat(replaced.updatedAt()).isAfter(created.updatedAt());
    assertThat(providers.complete(ask("b")).text()).isEqualTo("done");

    providers.delete("local");

    assertThat(providers.list()).isEmpty();
    assertThatThrownBy(() -> vault.get(Principal.DEFAULT_PROJECT, "model-provider.local.api-key"))
        .isInstanceOfSatisfying(
            GatehouseException.class,
            e -> assertThat(e.error()).isEqualTo(VaultErrors.SECRET_NOT_FOUND));
    assertThatThrownBy(() -> providers.get("local"))
        .isInstanceOfSatisfying(
            GatehouseException.class,
            e -> assertThat(e.error()).isEqualTo(ModelErrors.MODEL_PROVIDER_NOT_FOUND));
  }

  @Test
  void keeping_a_stored_key_that_is_not_there_is_refused() {
    ScriptedModel m = model(null);
    providers.create(provider("open", m, "x"));
    ObjectNode keep = provider("open", m, "x");
    keep.putObject("apiKey").put("stored", true);

    assertThatThrownBy(() -> providers.replace("open", keep))
        .isInstanceOfSatisfying(
            GatehouseException.class,
            e -> {
              assertThat(e.error()).isEqualTo(ModelErrors.INVALID_MODEL_PROVIDER);
              assertThat(e.getMessage()).contains("has none");
            });
  }

  @Test
  void a_second_provider_of_one_name_is_refused() {
    ScriptedModel m = model(null);
    providers.create(provider("dup", m, "x"));

    assertThatThrownBy(() -> providers.create(provider("dup", m, "y")))
        .isInstanceOfSatisfying(
            GatehouseException.class,
            e -> assertThat(e.error()).isEqualTo(ModelErrors.MODEL_PROVIDER_EXISTS));
  }

  @Test
  void routes_each_model_to_its_provider_exact_names_first_then_provider_prefix_then_globs() {
    ScriptedModel a = model(null);
    ScriptedModel b = model(null);
    a.reply(Reply.text("from a")).reply(Reply.text("from a")).reply(Reply.text("from a"));
    b.reply(Reply.text("from b")).reply(Reply.text("from b"));
    providers.create(provider("alpha", a, "gpt-*", "shared"));
    providers.create(provider("beta", b, "gpt-4o-mini", "*"));

    assertThat(providers.complete(ask("gpt-4o-mini")).text()).isEqualTo("from b");
    assertThat(providers.complete(ask("gpt-4o")).text()).isEqualTo("from a");
    assertThat(providers.complete(ask("llama")).text()).isEqualTo("from b");
    assertThat(providers.complete(ask("shared")).text()).isEqualTo("from a");
    assertThat(providers.complete(ask("alpha/gpt-4o-mini")).text()).isEqualTo("from a");
    assertThat(a.requests().getLast().path("model").asString()).isEqualTo("gpt-4o-mini");
    assertThat(providers.served())
        .containsExactly("gpt-* (alpha)", "shared (alpha)", "gpt-4o-mini (beta)", "* (beta)");
  }

  @Test
  void a_provider_set_to_the_responses_api_is_called_there() {
    ScriptedModel m = model(null);
    m.reply(Reply.text("via responses"));
    ObjectNode body = provider("resp", m, "o3");
    body.put("api", "responses");

    ModelProvider p = providers.create(body);

    assertThat(p.api()).isEqualTo(ModelProvider.Api.RESPONSES);
    assertThat(providers.get("resp").api()).isEqualTo(ModelProvider.Api.RESPONSES);
    assertThat(ModelProviders.json(p).path("api").asString()).isEqualTo("responses");
    assertThat(providers.complete(ask("o3")).text()).isEqualTo("via responses");
    assertThat(m.requests().getFirst().has("input")).isTrue();
    assertThat(m.requests().getFirst().has("messages")).isFalse();
  }

  @Test
  void an_unserved_model_is_model_not_found_naming_the_served_ones() {
    ScriptedModel a = model(null);
    providers.create(provider("alpha", a, "gpt-*"));

    assertThatThrownBy(() -> providers.complete(ask("claude")))
        .isInstanceOfSatisfying(
            ModelFailure.class,
            f -> {
              assertThat(f.error()).isEqualTo(ModelErrors.MODEL_NOT_FOUND);
              assertThat(f.error().httpStatus()).isEqualTo(400);
              assertThat(f.getMessage()).contains("'claude'").contains("gpt-* (alpha)");
            });
    assertThat(a.requests()).isEmpty();
  }

  @Test
  void a_change_made_by_another_replica_is_seen_once_the_snapshot_is_a_second_old() {
    ScriptedModel a = model(null);
    providers.create(provider("alpha", a, "one"));
    assertThat(providers.complete(ask("one")).text()).isEqualTo("done");
    try (ModelProviders other =
        ModelProviders.open(db.database(), () -> vault, Egress.defaults(), clock)) {
      other.create(provider("beta", a, "two"));
    }

    assertThatThrownBy(() -> providers.complete(ask("two"))).isInstanceOf(ModelFailure.class);
    clock.advance(ModelProviders.REFRESH);
    assertThat(providers.complete(ask("two")).text()).isEqualTo("done");
  }

  @Test
  void the_files_providers_are_synced_marked_config_and_dropped_when_the_file_drops_them() {
    ScriptedModel a = model(null);
    providers.create(provider("mine", a, "m"));
    ObjectNode file = provider("filed", a, "f");
    file.putObject("apiKey").put("secret", "FILE_KEY");

    providers.syncConfig(List.of(file));

    ModelProvider filed = providers.get("filed");
    assertThat(filed.managedBy()).isEqualTo("config");
    assertThat(filed.apiKey()).isEqualTo(new ModelProvider.ApiKey.VaultSecret("FILE_KEY"));
    assertThatThrownBy(() -> providers.replace("filed", provider("filed", a, "g")))
        .isInstanceOfSatisfying(
            GatehouseException.class,
            e -> {
              assertThat(e.error()).isEqualTo(ModelErrors.MODEL_PROVIDER_MANAGED_BY_CONFIG);
              assertThat(e.error().httpStatus()).isEqualTo(409);
            });
    assertThatThrownBy(() -> providers.delete("filed"))
        .isInstanceOfSatisfying(
            GatehouseException.class,
            e -> assertThat(e.error()).isEqualTo(ModelErrors.MODEL_PROVIDER_MANAGED_BY_CONFIG));

    providers.syncConfig(List.of());

    assertThat(providers.list()).extracting(ModelProvider::name).containsExactly("mine");
  }

  @Test
  void a_files_key_from_the_environment_is_stored_once_and_again_only_when_it_changes() {
    String key = newKey();
    ScriptedModel m = model(key);
    ObjectNode file = provider("envkey", m, "e");
    file.putObject("apiKey").put("value", key);

    providers.syncConfig(List.of(file)); // a start
    providers.syncConfig(List.of(file)); // a restart with the same environment

    String stored = ModelProvider.storedKeyName("envkey");
    assertThat(vault.versions(Principal.DEFAULT_PROJECT, stored)).hasSize(1);
    assertThat(providers.complete(ask("e")).text()).isEqualTo("done");

    String next = newKey();
    ObjectNode rotated = provider("envkey", m, "e");
    rotated.putObject("apiKey").put("value", next);
    providers.syncConfig(List.of(rotated));

    assertThat(vault.versions(Principal.DEFAULT_PROJECT, stored)).hasSize(2);
    assertThat(vault.get(Principal.DEFAULT_PROJECT, stored).reveal()).isEqualTo(next);
  }

  @Test
  void bad_providers_are_refused_with_every_problem_named_and_no_key_echoed() {
    String key = newKey();
    ObjectNode body = ChatWire.JSON.createObjectNode();
    body.put("name", "Bad Name").put("baseUrl", "http://models.example.com/v1");
    body.put("apiKey", key).put("timeout", "forever").put("retries", 99).put("colour", "red");

    assertThatThrownBy(() -> providers.create(body))
        .isInstanceOfSatisfying(
            GatehouseException.class,
            e -> {
              assertThat(e.error()).isEqualTo(ModelErrors.INVALID_MODEL_PROVIDER);
              assertThat(e.getMessage())
                  .contains("name: 'Bad Name'")
                  .contains("apiKey: expected")
                  .contains("models: expected")
                  .contains("timeout:")
                  .contains("retries: 99")
                  .contains("colour: not a field")
                  .doesNotContain(key);
              assertThat(e.details()).extracting(p -> p.field()).contains("name", "models");
            });

    ObjectNode clear = provider("clear", model(null), "x");
    clear.put("baseUrl", "http://models.example.com/v1");
    clear.putObject("apiKey").put("value", key);
    assertThat(ModelProviders.problems(clear, Egress.defaults()))
        .singleElement()
        .asString()
        .contains("expected: https")
        .doesNotContain(key);

    ObjectNode metadata = provider("meta", model(null), "x");
    metadata.put("baseUrl", "http://169.254.169.254/v1");
    assertThat(ModelProviders.problems(metadata, Egress.defaults()))
        .singleElement()
        .asString()
        .contains("EGRESS_FORBIDDEN");
  }

  @Test
  void usage_is_one_row_per_response_and_sums_by_model_principal_and_agent() {
    StoredModelUsage usage = StoredModelUsage.open(db.database(), clock);
    usage.record("resp_1", "team", "api-key:alice", "helper", "gpt-4o", new Usage(100, 10));
    usage.record("resp_2", "team", "api-key:alice", "helper", "gpt-4o", new Usage(50, 5));
    usage.record("resp_3", "team", "api-key:bob", null, "gpt-4o", new Usage(7, 3));
    usage.record("resp_4", "other", "api-key:carol", null, "gpt-4o", new Usage(1000, 1000));
    usage.record("resp_3", "team", "api-key:bob", null, "gpt-4o", new Usage(8, 4)); // again
    clock.advance(Duration.ofHours(2));
    usage.record("resp_5", "team", "api-key:alice", "helper", "llama", new Usage(1, 1));

    StoredModelUsage.Report r =
        usage.report(
            "team", Instant.parse("2026-12-07T08:00:00Z"), Instant.parse("2026-12-07T10:00:00Z"));

    assertThat(r.rows())
        .containsExactly(
            new StoredModelUsage.Row("gpt-4o", "api-key:alice", "helper", 2, 150, 15),
            new StoredModelUsage.Row("gpt-4o", "api-key:bob", null, 1, 8, 4));
    assertThat(r.total()).isEqualTo(new StoredModelUsage.Row(null, null, null, 3, 158, 19));
    assertThat(r.total().totalTokens()).isEqualTo(177);
  }
}
