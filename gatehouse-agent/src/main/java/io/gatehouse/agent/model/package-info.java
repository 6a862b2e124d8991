/**
 * Model providers: the {@link io.gatehouse.agent.model.ModelClient} the loop calls each turn, an
 * OpenAI-compatible Chat Completions client (timeouts, retries with backoff on 429 and 5xx), the
 * providers from the configuration and the admin API, and token usage.
 */
package io.gatehouse.agent.model;
