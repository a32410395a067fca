package org.facemask.training;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.facemask.dataset.ClassFolders;
import org.facemask.dataset.DataSource;

/**
 * The decoded data of one run: every source's training images joined (with each image's source
 * weight) and each source's validation images apart, so each can be measured on its own.
 *
 * @param trainSets the training class folders, one per source that has {@code train/}
 * @param classes the union of their classes, sorted: the model's class order
 * @param train the training images, all sources in order
 * @param sampleWeights each training image's source weight
 * @param vals the validation images, one set per source that has {@code val/}
 */
@SuppressWarnings("ArrayRecordComponent") // a value carrier, never compared or hashed
record TrainingData(List<ClassFolders> trainSets, List<String> classes, InMemoryImages train,
                    double[] sampleWeights, List<ValSet> vals) {

    // Training images are stored a little larger than the input so random crops keep detail.
    private static final double STORE_SCALE = 1.25;

    /** One source's validation images. */
    record ValSet(String name, ClassFolders folders, InMemoryImages images) {}

    /** Images per epoch: round(sum of sampling weights). */
    int epochImages() {
        return (int) Math.round(Arrays.stream(sampleWeights).sum());
    }

    /**
     * Checks the sources, then decodes every training image (stored a little larger than the
     * input, for random crops) and every validation image.
     *
     * @param options the run's settings
     * @return the data
     * @throws IOException if a source is missing or unreadable
     */
    static TrainingData load(TrainingOptions options) throws IOException {
        List<DataSource> sources = DataSource.checkAll(options.sources());
        // Every source's folders are scanned before any image is decoded, so a bad one fails at once.
        List<ClassFolders> trainSets = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        List<String> valNames = new ArrayList<>();
        List<ClassFolders> valSets = new ArrayList<>();
        for (DataSource source : sources) {
            Optional<ClassFolders> train = source.trainSet();
            if (train.isPresent()) {
                trainSets.add(train.get());
                weights.add(source.weight());
            }
            Optional<ClassFolders> val = source.valSet();
            if (val.isPresent()) {
                valNames.add(source.name());
                valSets.add(val.get());
            }
        }
        if (trainSets.isEmpty()) {
            throw new IllegalArgumentException("no source has a train/ folder: " + sources);
        }
        List<String> classes = trainSets.stream().flatMap(t -> t.classes().stream()).distinct().sorted().toList();
        if (classes.size() < 2) {
            throw new IllegalArgumentException("training needs at least two classes, found " + classes);
        }
        if (valSets.isEmpty()) {
            throw new IllegalArgumentException("no source has a val/ folder to choose the best epoch on: " + sources);
        }
        int size = options.imageSize();
        int stored = (int) Math.round(size * STORE_SCALE);
        List<InMemoryImages> parts = new ArrayList<>();
        List<Double> perImage = new ArrayList<>();
        for (int i = 0; i < trainSets.size(); i++) {
            InMemoryImages part = InMemoryImages.load(trainSets.get(i), classes, stored);
            parts.add(part);
            for (int k = 0; k < part.size(); k++) {
                perImage.add(weights.get(i));
            }
        }
        InMemoryImages train = InMemoryImages.concat(parts);
        List<ValSet> vals = new ArrayList<>();
        for (int i = 0; i < valSets.size(); i++) {
            vals.add(new ValSet(valNames.get(i), valSets.get(i), InMemoryImages.load(valSets.get(i), classes, size)));
        }
        TrainingData data = new TrainingData(trainSets, classes, train,
                perImage.stream().mapToDouble(Double::doubleValue).toArray(), vals);
        if (data.epochImages() < options.batchSize()) {
            throw new IllegalArgumentException("training set has " + train.size() + " readable images, fewer than"
                    + " one batch of " + options.batchSize());
        }
        int unreadable = train.unreadable.size() + vals.stream().mapToInt(v -> v.images().unreadable.size()).sum();
        log("loaded %d training images (%d per epoch) from %d source(s) and %d validation images from %s"
                + " (%d unreadable), classes %s", train.size(), data.epochImages(), trainSets.size(),
                vals.stream().mapToInt(v -> v.images().size()).sum(),
                vals.stream().map(ValSet::name).toList(), unreadable, classes);
        return data;
    }

    /**
     * Describes the data for {@code model.json}: folders, counts and content fingerprints.
     *
     * @return the record
     * @throws IOException if a file cannot be read for its fingerprint
     */
    Map<String, Object> record() throws IOException {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("train_dirs", trainSets.stream()
                .map(t -> t.root().toAbsolutePath().normalize().toString()).toList());
        record.put("train_images", train.size());
        record.put("train_images_per_epoch", epochImages());
        record.put("val_images", vals.stream().mapToInt(v -> v.images().size()).sum());
        record.put("unreadable", train.unreadable.size()
                + vals.stream().mapToInt(v -> v.images().unreadable.size()).sum());
        List<String> trainPrints = new ArrayList<>();
        for (ClassFolders t : trainSets) {
            trainPrints.add(t.fingerprint());
        }
        record.put("train_fingerprints", trainPrints);
        Map<String, Object> valPrints = new LinkedHashMap<>();
        for (ValSet v : vals) {
            valPrints.put(v.name(), v.folders().fingerprint());
        }
        record.put("val_fingerprints", valPrints);
        return record;
    }

    private static void log(String format, Object... args) {
        System.err.printf(java.util.Locale.ROOT, format + "%n", args);
    }
}
