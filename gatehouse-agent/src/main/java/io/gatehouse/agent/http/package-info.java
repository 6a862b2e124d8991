/**
 * The agent runtime's HTTP surfaces: the approvals admin API ({@code /admin/v1/approvals}, {@code
 * /admin/v1/me/approvals}) and the approval page of a held call ({@code /approvals/{id}}).
 */
package io.gatehouse.agent.http;
