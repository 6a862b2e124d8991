/**
 * The benchmark harness: {@link io.gatehouse.bench.Bench} is the command line that {@code
 * bench/run.sh} drives. {@code load} generates MCP traffic (closed and open loop, initialize alone,
 * idle sessions), {@code echo} is the upstream that is never the bottleneck, {@code report} turns
 * the results into Markdown, and {@code io.gatehouse.bench.jmh} holds the microbenchmarks of the
 * hot path.
 */
package io.gatehouse.bench;
