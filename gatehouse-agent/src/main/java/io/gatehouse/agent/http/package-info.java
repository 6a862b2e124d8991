/** The agent runtime's HTTP surfaces: the admin API of stored agents ({@code /admin/v1/agents}). */
package io.gatehouse.agent.http;
