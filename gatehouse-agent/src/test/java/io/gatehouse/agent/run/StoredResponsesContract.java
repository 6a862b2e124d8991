package io.gatehouse.agent.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.store.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Stored responses, the same on SQLite and PostgreSQL: per owner, until they expire. */
abstract class SqlResponseStoreContract {
  private static final JsonMapper JSON = JsonMapper.shared();

  abstract TestDatabases.Throwaway open();

  private static StoredResponse response(String id, String owner, Instant at, Duration ttl) {
    ObjectNode body = JSON.createObjectNode().put("id", id).put("status", "completed");
    ArrayNode input = JSON.createArrayNode();
    input.addObject().put("type", "message").put("role", "user");
    ObjectNode state = JSON.createObjectNode().put("model", "m1");
    return new StoredResponse(id, owner, "default", at, at.plus(ttl), body, input, state);
  }

  @Test
  void a_response_is_found_by_its_owner_only_until_it_expires() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    try (TestDatabases.Throwaway db = open()) {
      SqlResponseStore store = SqlResponseStore.open(db.database());
      store.save(response("resp_1", "api-key:alice", now, Duration.ofHours(1)));

      StoredResponse found = store.find("resp_1", "api-key:alice", now).orElseThrow();
      assertThat(found.body().path("status").asString()).isEqualTo("completed");
      assertThat(found.input().get(0).path("role").asString()).isEqualTo("user");
      assertThat(found.state().path("model").asString()).isEqualTo("m1");
      assertThat(found.createdAt()).isEqualTo(now);
      assertThat(store.find("resp_1", "api-key:bob", now)).isEmpty();
      assertThat(store.find("resp_1", "api-key:alice", now.plus(Duration.ofHours(2)))).isEmpty();

      assertThat(store.delete("resp_1", "api-key:bob")).isFalse();
      assertThat(store.find("resp_1", "api-key:alice", now)).isPresent();
      assertThat(store.delete("resp_1", "api-key:alice")).isTrue();
      assertThat(store.find("resp_1", "api-key:alice", now)).isEmpty();
    }
  }

  @Test
  void saving_again_replaces_and_purging_removes_only_the_expired() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    try (TestDatabases.Throwaway db = open()) {
      SqlResponseStore store = SqlResponseStore.open(db.database());
      store.save(
          response("resp_old", "api-key:alice", now.minus(Duration.ofDays(2)), Duration.ofDays(1)));
      store.save(response("resp_new", "api-key:alice", now, Duration.ofDays(1)));
      StoredResponse changed = response("resp_new", "api-key:alice", now, Duration.ofDays(1));
      changed.body().put("status", "incomplete");
      store.save(changed);

      assertThat(store.purge(now)).isEqualTo(1);
      assertThat(
              store
                  .find("resp_new", "api-key:alice", now)
                  .orElseThrow()
                  .body()
                  .path("status")
                  .asString())
          .isEqualTo("incomplete");
    }
  }
}
