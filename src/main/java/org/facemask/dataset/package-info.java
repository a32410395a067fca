/**
 * Image datasets on disk: class-folder scanning with folder-name aliases, data sources, the
 * dataset profile (sizes, formats, near-duplicates by perceptual hash), the leakage-free
 * train/validation split, VOC face crops and the scene hold-out.
 *
 * <p>May depend on {@code image} only; reports on datasets (the EDA page) live in {@code report}.
 */
package org.facemask.dataset;
