/**
 * The service as a cluster runs it: the main class of the deployable job jar ({@link
 * dev.scone.cluster.ServiceJobMain}) and the one-time publication of a table file to the changelog
 * topic when a deployment starts the service ({@link dev.scone.cluster.TableBootstrap}).
 */
package dev.scone.cluster;
