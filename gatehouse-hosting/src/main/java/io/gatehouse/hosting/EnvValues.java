package io.gatehouse.hosting;

/**
 * Fills in the {@code ${secret:NAME}} references of a route's env values when a process starts
 * (from the vault, in the route's project).
 */
@FunctionalInterface
public interface EnvValues {
  /** Values as written: for routes whose env names no secret, and for tests. */
  EnvValues AS_WRITTEN = (project, value) -> value;

  /**
   * @return {@code value} with each reference replaced by the secret's value
   * @throws io.gatehouse.core.GatehouseException {@link HostingErrors#SECRET_UNAVAILABLE} when a
   *     secret cannot be read (the message names the secret, never a value)
   */
  String resolve(String project, String value);
}
