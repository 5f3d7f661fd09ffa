/**
 * Progress reporting for long work (vocabulary building, table export, training) that stays
 * independent of how it is shown: the command line renders bars or plain lines, tests stay silent.
 */
package dev.scone.model.progress;
