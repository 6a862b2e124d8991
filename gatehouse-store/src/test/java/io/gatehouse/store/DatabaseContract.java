package io.gatehouse.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.store.testing.TestDatabases;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every dialect must do the same way; run once per database by the subclasses. */
abstract class DatabaseContract {
  private TestDatabases.Throwaway throwaway;
  private Database db;

  abstract TestDatabases.Throwaway open();

  @BeforeEach
  void migrate() {
    throwaway = open();
    db = throwaway.database();
    db.migrate("storetest", "classpath:db/storetest");
  }

  @AfterEach
  void drop() {
    throwaway.close();
  }

  @Test
  void commits_work_that_returns() {
    db.write(tx -> tx.update("INSERT INTO things (name, size) VALUES (?, ?)", "a", 1L));

    assertThat(names()).containsExactly("a");
  }

  @Test
  void rolls_back_everything_when_work_throws() {
    assertThatThrownBy(
            () ->
                db.write(
                    tx -> {
                      tx.update("INSERT INTO things (name, size) VALUES (?, ?)", "a", 1L);
                      tx.update("INSERT INTO parts (thing, part) VALUES (?, ?)", "a", "x");
                      throw new IllegalStateException("boom");
                    }))
        .hasMessage("boom");

    List<String> parts = db.read(tx -> tx.list("SELECT part FROM parts", r -> r.getString(1)));
    assertThat(names()).isEmpty();
    assertThat(parts).isEmpty();
  }

  @Test
  void reports_a_taken_key_as_conflict() {
    db.write(tx -> tx.update("INSERT INTO things (name, size) VALUES (?, ?)", "a", 1L));

    assertThatThrownBy(
            () ->
                db.write(tx -> tx.update("INSERT INTO things (name, size) VALUES (?, ?)", "a", 2L)))
        .isInstanceOfSatisfying(
            StoreException.class, e -> assertThat(e.code()).isEqualTo(StoreException.CONFLICT));
  }

  @Test
  void enforces_foreign_keys() {
    assertThatThrownBy(
            () ->
                db.write(
                    tx -> tx.update("INSERT INTO parts (thing, part) VALUES (?, ?)", "nope", "x")))
        .isInstanceOf(StoreException.class);
  }

  @Test
  void orders_key_columns_byte_by_byte() {
    List<String> names = List.of("a-b", "aB", "ab", "a.c", "A", "a_b", "a");
    db.write(
        tx -> {
          tx.batch(
              "INSERT INTO things (name, size) VALUES (?, ?)",
              names.stream().map(n -> new Object[] {n, 0L}).toList());
          return null;
        });

    List<String> after =
        db.read(
            tx ->
                tx.list(
                    "SELECT name FROM things WHERE name > ? ORDER BY name",
                    r -> r.getString(1),
                    "a.c"));
    assertThat(names()).containsExactly("A", "a", "a-b", "a.c", "aB", "a_b", "ab");
    assertThat(after).containsExactly("aB", "a_b", "ab");
  }

  @Test
  void binds_parameters_including_null() {
    db.write(tx -> tx.update("INSERT INTO things (name, size) VALUES (?, ?)", "a", 7L));

    Optional<Long> found =
        db.read(tx -> tx.first("SELECT size FROM things WHERE name = ?", r -> r.getLong(1), "a"));
    Optional<Long> none =
        db.read(
            tx ->
                tx.first(
                    "SELECT size FROM things WHERE name = ?", r -> r.getLong(1), (Object) null));
    assertThat(found).contains(7L);
    assertThat(none).isEmpty();
  }

  @Test
  void keeps_one_history_per_module_so_modules_number_migrations_independently() {
    db.migrate("storetest-other", "classpath:db/storetest-other");
    db.migrate("storetest", "classpath:db/storetest");

    db.write(tx -> tx.update("INSERT INTO others (id) VALUES (?)", "x"));
    List<String> ids = db.read(tx -> tx.list("SELECT id FROM others", r -> r.getString(1)));
    assertThat(ids).containsExactly("x");
  }

  private List<String> names() {
    return db.read(tx -> tx.list("SELECT name FROM things ORDER BY name", r -> r.getString(1)));
  }
}
