/** Connection pools per dialect. */
package io.gatehouse.store.internal;
