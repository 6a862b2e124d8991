/**
 * Usage for dashboards: calls, errors, refusals and latency percentiles per time bucket and group
 * (consumer, project, route, tool, method), computed from the audit records.
 */
package io.gatehouse.observe.usage;
