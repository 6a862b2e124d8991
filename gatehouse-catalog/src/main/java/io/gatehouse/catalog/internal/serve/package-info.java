/**
 * What keeps the running gateway in step with the catalog: route publishing, revision polling, tool
 * discovery.
 */
package io.gatehouse.catalog.internal.serve;
