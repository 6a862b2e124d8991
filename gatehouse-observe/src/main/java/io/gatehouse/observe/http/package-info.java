/**
 * The admin API of the audit log ({@code /admin/v1/audit}, {@code /admin/v1/audit/export}) and of
 * usage ({@code /admin/v1/usage}). The admin token reads everything; a project's owners read the
 * records of their project's callers.
 */
package io.gatehouse.observe.http;
