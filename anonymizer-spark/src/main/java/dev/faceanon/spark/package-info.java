/**
 * Face anonymization on Apache Spark: {@link dev.faceanon.spark.FaceAnonTransformer} (a Spark ML stage) and
 * {@link dev.faceanon.spark.AnonymizationJob} (the plain Dataset API) over images as Spark's {@code binaryFile}
 * source reads them, {@link dev.faceanon.spark.ResultFiles} to write the results, and the classes they run on the
 * executors. See docs/spark.md.
 *
 * <p>Jobs, specs and stages are serializable because Spark sends them from the driver to the executors of the same
 * build; their serialized forms are no API and may change in any release.
 *
 * @serial exclude
 */
package dev.faceanon.spark;
