/**
 * How a mask classifier holds up under real camera conditions and across groups of faces
 * ({@link org.facemask.robustness.Robustness}): accuracy, mask-or-not accuracy and calibration
 * under JPEG, blur, noise, brightness, contrast, downscaling, rotation and grayscale at several
 * strengths; the share of unmasked faces with a covered mouth called {@code mask}; and accuracy
 * by face size, brightness, colour, source, a skin-tone proxy and a site's own groups, with
 * Wilson intervals and a flag rule that small groups do not trip.
 *
 * <p>May depend on {@code config}, {@code image}, {@code dataset}, {@code model},
 * {@code detection} and {@code evaluation}; {@code report} draws its HTML page and {@code cli}
 * runs it (ArchitectureTest).
 */
package org.facemask.robustness;
