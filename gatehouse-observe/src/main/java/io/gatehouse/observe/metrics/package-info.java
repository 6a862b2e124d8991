/**
 * Prometheus metrics of the gateway: requests, durations, upstream latency and refusals per route,
 * recorded by one policy in the {@code AUDIT} phase from each exchange's outcome, with labels
 * bounded to what the routes and the MCP specification name; gauges of the process; and the {@code
 * /metrics} endpoint that serves them in the Prometheus text format.
 */
package io.gatehouse.observe.metrics;
