/**
 * The relational store shared by the control-plane modules: {@link io.gatehouse.store.Database}
 * opens SQLite or PostgreSQL from a JDBC URL, runs each module's Flyway migrations and runs units
 * of work in transactions. The gateway's request path never uses it.
 */
package io.gatehouse.store;
