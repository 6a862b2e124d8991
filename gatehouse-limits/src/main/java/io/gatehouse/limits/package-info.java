/**
 * Rate limits and quotas per consumer, route and tool: the {@code limits} section of a policy set
 * ({@link io.gatehouse.limits.LimitsSection}), the policy that counts calls ({@link
 * io.gatehouse.limits.LimitsPolicy}), and the counters behind it, in process ({@link
 * io.gatehouse.limits.LocalCounters}) or in Redis ({@link io.gatehouse.limits.RedisCounters}) so
 * limits hold across replicas.
 */
package io.gatehouse.limits;
