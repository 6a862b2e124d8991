/**
 * Catalog-as-code: reading import files into a checked plan, applying it in one transaction,
 * exporting.
 */
package io.gatehouse.catalog.internal.io;
