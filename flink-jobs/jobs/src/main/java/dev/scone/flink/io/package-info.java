/**
 * File formats for Flink's {@code FileSource}: how corpus files on local disk or any Flink file
 * system become records. Compressed files ({@code .gz}, {@code .bz2}, {@code .xz}, {@code
 * .deflate}) are decompressed by the file source itself, chosen by file name extension.
 */
package dev.scone.flink.io;
