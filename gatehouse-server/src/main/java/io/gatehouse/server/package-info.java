/**
 * The Gatehouse process: the {@code gatehouse} command line, the HTTP server that carries the
 * gateway and the operations endpoints, and the configuration that drives them.
 */
package io.gatehouse.server;
