/**
 * The catalog's tables (one {@code *Rows} class each), the writes shared by the APIs and imports,
 * and JSON shapes.
 */
package io.gatehouse.catalog.internal;
