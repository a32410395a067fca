/** Prediction log, reference profiles and drift detection. */
package org.facemask.monitoring;
