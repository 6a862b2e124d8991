/**
 * Configuration: the YAML file, embedded defaults, {@code GATEHOUSE_<PATH>} environment overrides
 * and {@code ${env:NAME}} references, turned into validated settings with messages that name the
 * key.
 */
package io.gatehouse.server.config;
