package io.gatehouse.core;

/** Tells who an admin API caller is from the credential they sent. */
@FunctionalInterface
public interface Operators {
  /**
   * @param credential the admin token, an API key or a bearer token, exactly as sent
   * @return the caller and its roles; null when the credential is not valid
   */
  Operator resolve(String credential);
}
