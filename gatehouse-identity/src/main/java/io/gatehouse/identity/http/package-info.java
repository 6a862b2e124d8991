/**
 * The identity part of the admin API: {@code /admin/v1/projects} and {@code /admin/v1/consumers}.
 */
package io.gatehouse.identity.http;
