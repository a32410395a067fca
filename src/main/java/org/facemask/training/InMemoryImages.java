package org.facemask.training;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.facemask.dataset.ClassFolders;
import org.facemask.dataset.LabeledImage;
import org.facemask.image.ImageDecoder;
import org.facemask.image.ImagePreprocessor;

/**
 * A class-folder dataset decoded once and kept in memory as square packed-RGB images: decoding
 * every epoch would compete with the model for the same two cores.
 */
final class InMemoryImages {

    final List<int[]> pixels;
    final int[] labels;
    final int side;
    final Map<String, String> unreadable;

    private InMemoryImages(List<int[]> pixels, int[] labels, int side, Map<String, String> unreadable) {
        this.pixels = pixels;
        this.labels = labels;
        this.side = side;
        this.unreadable = unreadable;
    }

    int size() {
        return labels.length;
    }

    /**
     * Joins datasets stored at the same side, in order.
     *
     * @param parts the datasets
     * @return one dataset holding all their images
     */
    static InMemoryImages concat(List<InMemoryImages> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        List<int[]> pixels = new ArrayList<>();
        Map<String, String> unreadable = new LinkedHashMap<>();
        int[] labels = parts.stream().flatMapToInt(p -> java.util.Arrays.stream(p.labels)).toArray();
        for (InMemoryImages part : parts) {
            if (part.side != parts.get(0).side) {
                throw new IllegalArgumentException("cannot join images stored at " + part.side + " and "
                        + parts.get(0).side + " px");
            }
            pixels.addAll(part.pixels);
            unreadable.putAll(part.unreadable);
        }
        return new InMemoryImages(Collections.unmodifiableList(pixels), labels, parts.get(0).side, unreadable);
    }

    /**
     * Decodes and resizes every image of a dataset.
     *
     * @param dataset the images
     * @param classes class names in index order; images of other classes are an error
     * @param side the square side to store
     * @return the loaded images; unreadable files are listed, not fatal
     */
    static InMemoryImages load(ClassFolders dataset, List<String> classes, int side) {
        List<LabeledImage> images = dataset.images();
        for (LabeledImage image : images) {
            if (!classes.contains(image.label())) {
                throw new IllegalArgumentException(dataset.root() + " has class '" + image.label()
                        + "' that the training set lacks (classes: " + classes + ")");
            }
        }
        ImageDecoder decoder = new ImageDecoder();
        int[][] decoded = new int[images.size()][];
        String[] errors = new String[images.size()];
        IntStream.range(0, images.size()).parallel().forEach(i -> {
            try {
                var rgb = decoder.decode(images.get(i).path()).rgb();
                decoded[i] = ImagePreprocessor.pixels(ImagePreprocessor.resize(rgb, side, side)).clone();
            } catch (IOException e) {
                errors[i] = e.getMessage();
            }
        });
        List<int[]> pixels = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        Map<String, String> unreadable = new LinkedHashMap<>();
        for (int i = 0; i < images.size(); i++) {
            if (decoded[i] == null) {
                unreadable.put(images.get(i).path().toString(), errors[i]);
            } else {
                pixels.add(decoded[i]);
                labels.add(classes.indexOf(images.get(i).label()));
            }
        }
        return new InMemoryImages(Collections.unmodifiableList(pixels),
                labels.stream().mapToInt(Integer::intValue).toArray(), side, unreadable);
    }
}
