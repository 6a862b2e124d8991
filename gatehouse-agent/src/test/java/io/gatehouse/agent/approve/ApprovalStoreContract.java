package io.gatehouse.agent.approve;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.store.testing.TestDatabases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The approval store, the same on SQLite and PostgreSQL. */
abstract class ApprovalStoreContract {
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.now().truncatedTo(ChronoUnit.MICROS));
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now.get();
        }
      };
  private TestDatabases.Throwaway db;
  private Approvals store;

  abstract TestDatabases.Throwaway open();

  @BeforeEach
  void start() {
    db = open();
    store = Approvals.open(db.database(), clock, "replica-a", Duration.ofMillis(50));
  }

  @AfterEach
  void stop() {
    store.close();
    db.close();
  }

  private Approval pending(String id, String owner, String project, Duration lives) {
    Instant t = now.get();
    return new Approval(
        id,
        Approval.Kind.GATEWAY,
        owner,
        project,
        "weather",
        null,
        "delete-user",
        "{\"name\":\"bob\"}",
        t,
        t.plus(lives),
        Approval.State.PENDING,
        null,
        null,
        "replica-a");
  }

  @Test
  void a_created_approval_reads_back_whole_with_its_approvers() {
    Approval a =
        pending(Approvals.newId("apr_"), "api-key:alice", "default", Duration.ofMinutes(5));
    store.create(a, List.of("group:ops", "role:owner"));
    assertThat(store.find(a.id())).contains(a);
    assertThat(store.approvers(a.id())).containsExactly("group:ops", "role:owner");
    assertThat(a.id()).matches("apr_[0-9a-f]{32}");

    Approval agent =
        new Approval(
            Approvals.newId("mcpr_"),
            Approval.Kind.AGENT,
            "api-key:alice",
            "default",
            null,
            "weather",
            "get-weather",
            null,
            now.get(),
            now.get().plusSeconds(60),
            Approval.State.PENDING,
            null,
            null,
            null);
    store.create(agent);
    assertThat(store.find(agent.id())).contains(agent);
    assertThat(store.approvers(agent.id())).isEmpty();
    assertThat(store.find("apr_nothing")).isEmpty();
  }

  @Test
  void pending_lists_the_owners_own_newest_first_and_pending_in_filters_by_project() {
    Approval first = pending("apr_1", "api-key:alice", "default", Duration.ofMinutes(5));
    store.create(first);
    now.set(now.get().plusSeconds(1));
    Approval second = pending("apr_2", "api-key:alice", "billing", Duration.ofMinutes(5));
    store.create(second);
    store.create(pending("apr_3", "api-key:bob", "default", Duration.ofMinutes(5)));
    store.decide("apr_3", "api-key:carol", true, null);

    assertThat(store.pending("api-key:alice"))
        .extracting(Approval::id)
        .containsExactly("apr_2", "apr_1");
    assertThat(store.pending("api-key:bob")).isEmpty();
    assertThat(store.pendingIn("default", 100)).extracting(Approval::id).containsExactly("apr_1");
    assertThat(store.pendingIn(null, 100))
        .extracting(Approval::id)
        .containsExactly("apr_2", "apr_1");
  }

  @Test
  void purging_removes_only_the_approvals_whose_expiry_passed_before_the_cut() {
    store.create(pending("apr_gone", "api-key:alice", "default", Duration.ofSeconds(10)));
    store.create(pending("apr_kept", "api-key:alice", "default", Duration.ofHours(1)));
    store.decide("apr_gone", "api-key:carol", true, "ok");
    now.set(now.get().plusSeconds(60));
    assertThat(store.purge(now.get())).isEqualTo(1);
    assertThat(store.find("apr_gone")).isEmpty();
    assertThat(store.find("apr_kept")).isPresent();
  }

  @Test
  void a_pending_approval_past_its_expiry_reads_expired_and_can_no_longer_be_decided() {
    store.create(pending("apr_old", "api-key:alice", "default", Duration.ofSeconds(30)));
    now.set(now.get().plusSeconds(30));
    assertThat(store.find("apr_old")).map(Approval::state).contains(Approval.State.EXPIRED);
    assertThat(store.pending("api-key:alice")).isEmpty();
    assertThat(store.decide("apr_old", "api-key:carol", true, null)).isEmpty();
    assertThat(store.find("apr_old").orElseThrow().decidedBy()).isNull();
  }

  @Test
  void an_approval_is_decided_exactly_once_even_by_racing_deciders() throws Exception {
    store.create(pending("apr_race", "api-key:alice", "default", Duration.ofMinutes(5)));
    try (Approvals other =
            Approvals.open(db.database(), clock, "replica-b", Duration.ofMillis(50));
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Callable<Optional<Approval>>> deciders =
          List.of(
              () -> store.decide("apr_race", "api-key:carol", true, "fine"),
              () -> other.decide("apr_race", "api-key:dave", false, "no"),
              () -> store.decide("apr_race", "api-key:erin", false, "never"),
              () -> other.decide("apr_race", "api-key:frank", true, null));
      int won = 0;
      Approval winner = null;
      for (Future<Optional<Approval>> f : pool.invokeAll(deciders)) {
        if (f.get().isPresent()) {
          won++;
          winner = f.get().get();
        }
      }
      assertThat(won).isEqualTo(1);
      assertThat(store.find("apr_race")).contains(winner);
      assertThat(winner.state()).isIn(Approval.State.APPROVED, Approval.State.DENIED);
    }
    assertThat(store.decide("apr_race", "api-key:carol", true, null)).isEmpty();
    assertThat(store.decide("apr_unknown", "api-key:carol", true, null)).isEmpty();
  }

  @Test
  void an_approved_approval_is_consumed_exactly_once_even_by_racing_replicas() throws Exception {
    store.create(pending("apr_use", "api-key:alice", "default", Duration.ofMinutes(5)));
    assertThat(store.consume("apr_use")).as("a pending approval lets nothing run").isFalse();
    store.decide("apr_use", "api-key:carol", true, null);
    try (Approvals other =
            Approvals.open(db.database(), clock, "replica-b", Duration.ofMillis(50));
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Callable<Boolean>> users =
          List.of(
              () -> store.consume("apr_use"),
              () -> other.consume("apr_use"),
              () -> store.consume("apr_use"),
              () -> other.consume("apr_use"));
      int won = 0;
      for (Future<Boolean> f : pool.invokeAll(users)) {
        won += f.get() ? 1 : 0;
      }
      assertThat(won).isEqualTo(1);
    }
    assertThat(store.consume("apr_use")).isFalse();
    store.create(pending("apr_no", "api-key:alice", "default", Duration.ofMinutes(5)));
    store.decide("apr_no", "api-key:carol", false, null);
    assertThat(store.consume("apr_no")).as("a denied approval lets nothing run").isFalse();
    assertThat(store.consume("apr_unknown")).isFalse();
  }

  @Test
  void a_held_call_learns_an_answer_given_here_at_once() throws Exception {
    Approval a = pending("apr_here", "api-key:alice", "default", Duration.ofMinutes(5));
    store.create(a);
    List<Approval> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    store.onDecided(heard::add);
    CompletableFuture<Approval> held = store.hold(a).toCompletableFuture();
    assertThat(held).isNotDone();
    assertThat(store.heldCount()).isEqualTo(1);
    store.decide("apr_here", "api-key:carol", false, "not today");
    // completed inside decide: no poll was needed
    assertThat(held).isCompleted();
    Approval got = held.get();
    assertThat(got.state()).isEqualTo(Approval.State.DENIED);
    assertThat(got.reason()).isEqualTo("not today");
    assertThat(got.decidedBy()).isEqualTo("api-key:carol");
    assertThat(heard).containsExactly(got);
    assertThat(store.heldCount()).isZero();
  }

  @Test
  void a_held_call_learns_an_answer_given_by_another_replica_on_the_same_store() throws Exception {
    Approval a = pending("apr_there", "api-key:alice", "default", Duration.ofMinutes(5));
    store.create(a);
    CompletableFuture<Approval> held = store.hold(a).toCompletableFuture();
    try (Approvals other =
        Approvals.open(db.database(), clock, "replica-b", Duration.ofMillis(50))) {
      assertThat(other.find("apr_there").orElseThrow().replica()).isEqualTo("replica-a");
      assertThat(other.decide("apr_there", "api-key:carol", true, null)).isPresent();
    }
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(held::isDone);
    assertThat(held.get().state()).isEqualTo(Approval.State.APPROVED);
    assertThat(held.get().decidedBy()).isEqualTo("api-key:carol");
  }

  @Test
  void a_held_call_expires_when_its_time_passes_unanswered() throws Exception {
    Approval a = pending("apr_slow", "api-key:alice", "default", Duration.ofSeconds(10));
    store.create(a);
    CompletableFuture<Approval> held = store.hold(a).toCompletableFuture();
    Approval other = pending("apr_other", "api-key:alice", "default", Duration.ofMinutes(10));
    store.create(other);
    CompletableFuture<Approval> stillHeld = store.hold(other).toCompletableFuture();
    now.set(now.get().plusSeconds(10));
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(held::isDone);
    assertThat(held.get().state()).isEqualTo(Approval.State.EXPIRED);
    assertThat(stillHeld).isNotDone();
    // expired in the store too, so no later answer counts
    assertThat(store.decide("apr_slow", "api-key:carol", true, null)).isEmpty();
    store.decide("apr_other", "api-key:carol", true, null);
    assertThat(stillHeld.get().state()).isEqualTo(Approval.State.APPROVED);
  }
}
