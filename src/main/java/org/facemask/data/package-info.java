/**
 * Image datasets on disk: class-folder scanning with folder-name aliases, format-agnostic image
 * decoding, perceptual hashing, the leakage-free train/validation split and the EDA report.
 */
package org.facemask.data;
