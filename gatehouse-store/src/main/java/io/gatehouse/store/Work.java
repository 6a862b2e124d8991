package io.gatehouse.store;

import java.sql.SQLException;

/**
 * A unit of work against one connection; {@link Database} commits it or rolls it back as a whole.
 */
@FunctionalInterface
public interface Work<T> {
  T run(Tx tx) throws SQLException;
}
