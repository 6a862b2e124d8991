package io.gatehouse.agent.run;

import java.time.Instant;
import java.util.Optional;

/** Where responses are kept, per user, until they expire. */
public interface ResponseStore {
  /** Keeps (or replaces) a response. */
  void save(StoredResponse response);

  /** The response {@code id} of {@code owner}, unless it expired before {@code now}. */
  Optional<StoredResponse> find(String id, String owner, Instant now);

  /** Deletes the response {@code id} of {@code owner}; false when there was none. */
  boolean delete(String id, String owner);

  /** Deletes the responses that expired before {@code now}; returns how many. */
  int purge(Instant now);
}
