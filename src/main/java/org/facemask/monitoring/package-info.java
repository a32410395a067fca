/**
 * Prediction log, reference profiles and drift detection: what the service saw, what the
 * training data looked like, and whether the two still agree.
 */
package org.facemask.monitoring;
