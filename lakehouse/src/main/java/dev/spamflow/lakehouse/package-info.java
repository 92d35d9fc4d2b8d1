/**
 * The lakehouse: Delta Lake tables of curated messages and their features, written and read with
 * Delta Kernel over the {@link dev.spamflow.core.port.ObjectStore} port ({@link
 * dev.spamflow.lakehouse.ObjectStoreFileIO}). {@link dev.spamflow.lakehouse.MessageTables} names
 * the tables and their columns; {@link dev.spamflow.lakehouse.DeltaTable} appends once per source
 * and reads any version.
 */
package dev.spamflow.lakehouse;
