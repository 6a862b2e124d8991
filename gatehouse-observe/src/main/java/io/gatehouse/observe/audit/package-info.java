/**
 * The audit log: one record per MCP exchange (and so per policy decision), captured by {@link
 * io.gatehouse.observe.audit.AuditPart}'s policy without blocking the caller, written in batches by
 * {@link io.gatehouse.observe.audit.AuditLog}'s own thread, kept for a retention period and read
 * back by the admin API.
 */
package io.gatehouse.observe.audit;
