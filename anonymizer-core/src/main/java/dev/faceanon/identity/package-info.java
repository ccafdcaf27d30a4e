/**
 * Measuring identity with a {@link dev.faceanon.face.FaceRecognizer}: the audit of every face the library outputs
 * ({@link dev.faceanon.identity.IdentityAudit}, made by {@link dev.faceanon.identity.IdentityAuditor}), the settings
 * of the anonymizer's fail-closed identity check ({@link dev.faceanon.identity.IdentityCheck}) and the gallery of
 * consented faces that are kept as they are ({@link dev.faceanon.identity.KeepGallery}).
 */
package dev.faceanon.identity;
