package org.facemask.dataset;

import java.nio.file.Path;

/**
 * An image file and its canonical class.
 *
 * @param path the file
 * @param label the canonical class name (see {@link ClassNames})
 */
public record LabeledImage(Path path, String label) {}
