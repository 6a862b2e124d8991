package io.gatehouse.policy.traffic;

/**
 * The tool names a route's upstream has listed: what bounds the names that may become a metric
 * label or a counter key, since any caller can send any name.
 */
@FunctionalInterface
public interface KnownTools {
  KnownTools NONE = (route, tool) -> false;

  /** Whether the upstream of {@code route} listed {@code tool} in its last {@code tools/list}. */
  boolean isKnown(String route, String tool);
}
