/**
 * Seeing every call through the gateway: the audit log, metrics, traces and usage, each fed by a
 * policy in the {@code AUDIT} phase, which sees every exchange, refused ones too.
 */
package io.gatehouse.observe;
