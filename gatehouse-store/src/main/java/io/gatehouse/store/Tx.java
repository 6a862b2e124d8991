package io.gatehouse.store;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One connection inside a unit of work, with the three things repositories do: query rows, update
 * rows and run a batch. Parameters bind positionally; {@code null} binds SQL NULL.
 */
public final class Tx {
  private final Connection connection;
  private final Dialect dialect;

  Tx(Connection connection, Dialect dialect) {
    this.connection = connection;
    this.dialect = dialect;
  }

  public Dialect dialect() {
    return dialect;
  }

  /** The underlying connection, for the rare statement the helpers do not cover. */
  public Connection connection() {
    return connection;
  }

  public <T> List<T> list(String sql, RowMapper<T> mapper, Object... args) throws SQLException {
    requireNonNull(mapper, "mapper");
    try (PreparedStatement st = prepare(sql, args);
        ResultSet rs = st.executeQuery()) {
      List<T> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(mapper.map(rs));
      }
      return rows;
    }
  }

  /** The first row, if any. */
  public <T> Optional<T> first(String sql, RowMapper<T> mapper, Object... args)
      throws SQLException {
    try (PreparedStatement st = prepare(sql, args)) {
      st.setMaxRows(1);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? Optional.ofNullable(mapper.map(rs)) : Optional.empty();
      }
    }
  }

  /** Runs an INSERT, UPDATE or DELETE; returns the number of rows it changed. */
  public int update(String sql, Object... args) throws SQLException {
    try (PreparedStatement st = prepare(sql, args)) {
      return st.executeUpdate();
    }
  }

  /** Runs one statement for each argument row, in one round trip where the driver allows. */
  public void batch(String sql, List<Object[]> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement st = connection.prepareStatement(sql)) {
      for (Object[] row : rows) {
        bind(st, row);
        st.addBatch();
      }
      st.executeBatch();
    }
  }

  private PreparedStatement prepare(String sql, Object[] args) throws SQLException {
    PreparedStatement st = connection.prepareStatement(requireNonNull(sql, "sql"));
    try {
      bind(st, args);
      return st;
    } catch (SQLException | RuntimeException e) {
      st.close();
      throw e;
    }
  }

  private static void bind(PreparedStatement st, Object[] args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      if (args[i] == null) {
        st.setNull(i + 1, Types.NULL);
      } else {
        st.setObject(i + 1, args[i]);
      }
    }
  }
}
