/**
 * Header and query injection into upstream requests ({@code headers} and {@code query} of a policy
 * set): templates filled per request from the caller, the route, the tool and the vault, never from
 * the caller's own credential unless a set opts into passthrough.
 */
package io.gatehouse.policy.inject;
