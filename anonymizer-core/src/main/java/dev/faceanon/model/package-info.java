/**
 * Model files as the user sees them: the exceptions that report missing, malformed or invalid
 * weights and configurations. Independent of the backend that loads them.
 */
package dev.faceanon.model;
