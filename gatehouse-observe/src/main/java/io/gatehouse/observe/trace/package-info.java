/**
 * OpenTelemetry traces of the gateway, off unless configured: a server span per MCP message named
 * and attributed per the MCP semantic conventions, a child span per policy phase, and a client span
 * for the upstream request, whose context goes upstream as {@code traceparent}.
 */
package io.gatehouse.observe.trace;
