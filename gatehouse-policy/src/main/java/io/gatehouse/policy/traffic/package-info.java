/**
 * Traffic policies configured as policy sets at global, route and tool scope: the sets and how they
 * merge ({@link io.gatehouse.policy.traffic.PolicyTree}), the sections they hold ({@link
 * io.gatehouse.policy.traffic.Section}), and the parts that turn them into a route's policies
 * ({@link io.gatehouse.policy.traffic.TrafficPart}).
 */
package io.gatehouse.policy.traffic;
