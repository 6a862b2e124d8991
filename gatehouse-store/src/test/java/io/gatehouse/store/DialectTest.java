package io.gatehouse.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DialectTest {
  @Test
  void knows_sqlite_and_postgresql_urls() {
    assertThat(Dialect.of("jdbc:sqlite:./data/gatehouse.db")).isEqualTo(Dialect.SQLITE);
    assertThat(Dialect.of("jdbc:postgresql://db:5432/gatehouse")).isEqualTo(Dialect.POSTGRESQL);
  }

  @Test
  void refuses_other_urls_without_echoing_a_password() {
    assertThatThrownBy(() -> Dialect.of("jdbc:mysql://db/x?user=a&password=hunter2"))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> {
              assertThat(e.code()).isEqualTo(StoreException.CONFIG);
              assertThat(e.getMessage()).contains("password=***").doesNotContain("hunter2");
            });
  }

  @Test
  void reports_an_unreachable_database_as_unavailable() {
    assertThatThrownBy(
            () ->
                Database.open(
                    "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1&password=hunter2"))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> {
              assertThat(e.code()).isEqualTo(StoreException.UNAVAILABLE);
              assertThat(e.getMessage()).doesNotContain("hunter2");
            });
  }
}
