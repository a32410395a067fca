package org.facemask.training;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.facemask.dataset.DataSource;

/**
 * Immutable training settings; build with {@link #builder()} ({@code setX} required, {@code optX}
 * optional).
 */
public final class TrainingOptions {

    private final List<DataSource> sources;
    private final Path outDir;
    private final int epochs;
    private final int imageSize;
    private final int batchSize;
    private final float learningRate;
    private final float weightDecay;
    private final long seed;
    private final Path pretrained;
    private final boolean freezeBackbone;
    private final boolean augment;
    private final Set<CameraAugmentation> cameraAugmentations;
    private final String weightsDtype;
    private final ClassBalance classBalance;
    private final Path teacher;
    private final float distillWeight;

    private TrainingOptions(Builder b) {
        this.sources = List.copyOf(b.sources);
        this.outDir = b.outDir;
        this.epochs = b.epochs;
        this.imageSize = b.imageSize;
        this.batchSize = b.batchSize;
        this.learningRate = b.learningRate;
        this.weightDecay = b.weightDecay;
        this.seed = b.seed;
        this.pretrained = b.pretrained;
        this.freezeBackbone = b.freezeBackbone;
        this.augment = b.augment;
        // An EnumSet keeps declaration order, so model.json lists them the same way every run.
        EnumSet<CameraAugmentation> ordered = EnumSet.noneOf(CameraAugmentation.class);
        ordered.addAll(b.cameraAugmentations);
        this.cameraAugmentations = Collections.unmodifiableSet(ordered);
        this.weightsDtype = b.weightsDtype;
        this.classBalance = b.classBalance;
        this.teacher = b.teacher;
        this.distillWeight = b.distillWeight;
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the data sources, each a split folder with {@code train/} and/or {@code val/}. */
    public List<DataSource> sources() {
        return sources;
    }

    /** Returns the artifact folder to write. */
    public Path outDir() {
        return outDir;
    }

    /** Returns the number of passes over the training set. */
    public int epochs() {
        return epochs;
    }

    /** Returns the square input side in pixels. */
    public int imageSize() {
        return imageSize;
    }

    /** Returns the mini-batch size. */
    public int batchSize() {
        return batchSize;
    }

    /** Returns the peak learning rate of the schedule. */
    public float learningRate() {
        return learningRate;
    }

    /** Returns the decoupled (AdamW) weight decay. */
    public float weightDecay() {
        return weightDecay;
    }

    /** Returns the seed of initialisation, shuffling and augmentation. */
    public long seed() {
        return seed;
    }

    /** Returns the torchvision safetensors to start from, or null. */
    public Path pretrained() {
        return pretrained;
    }

    /** Returns whether only the final layer is trained. */
    public boolean freezeBackbone() {
        return freezeBackbone;
    }

    /** Returns whether training images are augmented. */
    public boolean augment() {
        return augment;
    }

    /** Returns the opt-in camera augmentations (empty unless asked for; none without {@link #augment()}). */
    public Set<CameraAugmentation> cameraAugmentations() {
        return cameraAugmentations;
    }

    /** Returns the storage type of the saved weights. */
    public String weightsDtype() {
        return weightsDtype;
    }

    /** Returns how often each class is drawn per epoch. */
    public ClassBalance classBalance() {
        return classBalance;
    }

    /** Returns the model folder whose mask-or-not answers the student is kept close to, or null. */
    public Path teacher() {
        return teacher;
    }

    /** Returns the weight of the distillation term. */
    public float distillWeight() {
        return distillWeight;
    }

    /** Returns the settings as a map, for {@code model.json}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> list = new ArrayList<>();
        for (DataSource s : sources) {
            list.add(Map.of("name", s.name(), "path", s.dir().toAbsolutePath().normalize().toString(),
                    "weight", s.weight()));
        }
        m.put("sources", list);
        m.put("epochs", epochs);
        m.put("image_size", imageSize);
        m.put("batch_size", batchSize);
        m.put("optimizer", "AdamW");
        m.put("learning_rate", learningRate);
        m.put("lr_schedule", "linear warm-up (5% of steps) then cosine decay");
        m.put("weight_decay", weightDecay);
        m.put("loss", "softmax cross-entropy");
        m.put("seed", seed);
        m.put("augmentation", augment ? Augmenter.DESCRIPTION : "none");
        m.put("camera_augmentation", CameraAugmentation.ids(cameraAugmentations));
        for (CameraAugmentation a : cameraAugmentations) {
            m.put("camera_augmentation_" + a.id(), a.description());
        }
        m.put("pretrained", pretrained == null ? null : pretrained.toAbsolutePath().normalize().toString());
        m.put("freeze_backbone", freezeBackbone);
        m.put("class_balance", classBalance.name().toLowerCase(Locale.ROOT));
        m.put("weights_dtype", weightsDtype);
        m.put("teacher", teacher == null ? null : teacher.toAbsolutePath().normalize().toString());
        m.put("distill_weight", distillWeight);
        return m;
    }

    /**
     * Rebuilds options from {@link #toMap()} (as a resumed run reads them from its checkpoint).
     *
     * @param m the map, e.g. parsed from JSON
     * @param outDir the artifact folder
     * @return the options
     * @throws IllegalArgumentException if an entry is missing or invalid
     */
    @SuppressWarnings("unchecked")
    public static TrainingOptions fromMap(Map<String, Object> m, Path outDir) {
        try {
            Builder b = builder().setOutDir(outDir);
            List<DataSource> sources = new ArrayList<>();
            for (Map<String, Object> s : (List<Map<String, Object>>) m.get("sources")) {
                sources.add(new DataSource((String) s.get("name"), Path.of((String) s.get("path")),
                        ((Number) s.get("weight")).doubleValue()));
            }
            b.setSources(sources)
                    .optEpochs(((Number) m.get("epochs")).intValue())
                    .optImageSize(((Number) m.get("image_size")).intValue())
                    .optBatchSize(((Number) m.get("batch_size")).intValue())
                    .optLearningRate(((Number) m.get("learning_rate")).floatValue())
                    .optWeightDecay(((Number) m.get("weight_decay")).floatValue())
                    .optSeed(((Number) m.get("seed")).longValue())
                    .optPretrained(m.get("pretrained") == null ? null : Path.of((String) m.get("pretrained")))
                    .optFreezeBackbone((Boolean) m.get("freeze_backbone"))
                    .optAugment(!"none".equals(m.get("augmentation")))
                    .optCameraAugmentations(CameraAugmentation.parse(
                            (List<String>) m.getOrDefault("camera_augmentation", List.of())))
                    .optWeightsDtype((String) m.get("weights_dtype"))
                    .optClassBalance(ClassBalance.parse((String) m.get("class_balance")))
                    .optTeacher(m.get("teacher") == null ? null : Path.of((String) m.get("teacher")),
                            ((Number) m.get("distill_weight")).floatValue());
            return b.build();
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("training settings are incomplete or of the wrong type: " + e, e);
        }
    }

    /** Builds {@link TrainingOptions}. */
    public static final class Builder {
        private List<DataSource> sources = List.of();
        private Path outDir;
        private int epochs = 30;
        private int imageSize = 128;
        private int batchSize = 32;
        private float learningRate = 2e-3f;
        private float weightDecay = 0.05f;
        private long seed = 42;
        private Path pretrained;
        private boolean freezeBackbone;
        private boolean augment = true;
        private Set<CameraAugmentation> cameraAugmentations = Set.of();
        private String weightsDtype = "F16";
        private ClassBalance classBalance = ClassBalance.NONE;
        private Path teacher;
        private float distillWeight = 1f;

        private Builder() {}

        /**
         * Distils from a teacher: the loss gains {@code weight × BCE} between the student's and
         * the teacher's p(mask) on each batch (images labelled {@code mask_incorrect} excepted).
         *
         * @param dir the teacher's model folder, or null for none
         * @param weight the weight of the term
         * @return this builder
         */
        public Builder optTeacher(Path dir, float weight) {
            this.teacher = dir;
            this.distillWeight = weight;
            return this;
        }

        /**
         * Sets one split folder (with {@code train/} and {@code val/}) as the only source.
         *
         * @param dir the folder
         * @return this builder
         */
        public Builder setDataDir(Path dir) {
            return setSources(List.of(DataSource.parse(dir.toString())));
        }

        /**
         * Sets the data sources; classes are the union of their training classes.
         *
         * @param list the sources, each a split folder
         * @return this builder
         */
        public Builder setSources(List<DataSource> list) {
            this.sources = List.copyOf(list);
            return this;
        }

        /**
         * Sets the artifact folder to write.
         *
         * @param dir the folder
         * @return this builder
         */
        public Builder setOutDir(Path dir) {
            this.outDir = dir;
            return this;
        }

        /**
         * Sets the number of epochs (default 30).
         *
         * @param n epochs
         * @return this builder
         */
        public Builder optEpochs(int n) {
            this.epochs = n;
            return this;
        }

        /**
         * Sets the input size (default 128).
         *
         * @param px square side
         * @return this builder
         */
        public Builder optImageSize(int px) {
            this.imageSize = px;
            return this;
        }

        /**
         * Sets the batch size (default 32).
         *
         * @param n images per step
         * @return this builder
         */
        public Builder optBatchSize(int n) {
            this.batchSize = n;
            return this;
        }

        /**
         * Sets the peak learning rate (default 2e-3).
         *
         * @param lr learning rate
         * @return this builder
         */
        public Builder optLearningRate(float lr) {
            this.learningRate = lr;
            return this;
        }

        /**
         * Sets the weight decay (default 0.05).
         *
         * @param wd decay
         * @return this builder
         */
        public Builder optWeightDecay(float wd) {
            this.weightDecay = wd;
            return this;
        }

        /**
         * Sets the seed (default 42).
         *
         * @param s seed
         * @return this builder
         */
        public Builder optSeed(long s) {
            this.seed = s;
            return this;
        }

        /**
         * Starts from torchvision weights in a safetensors file.
         *
         * @param file the state dict
         * @return this builder
         */
        public Builder optPretrained(Path file) {
            this.pretrained = file;
            return this;
        }

        /**
         * Trains only the final layer.
         *
         * @param freeze whether to freeze the backbone
         * @return this builder
         */
        public Builder optFreezeBackbone(boolean freeze) {
            this.freezeBackbone = freeze;
            return this;
        }

        /**
         * Turns augmentation on or off (default on).
         *
         * @param on whether to augment
         * @return this builder
         */
        public Builder optAugment(boolean on) {
            this.augment = on;
            return this;
        }

        /**
         * Adds camera augmentations to the standard ones (default none).
         *
         * @param set the augmentations
         * @return this builder
         */
        public Builder optCameraAugmentations(Set<CameraAugmentation> set) {
            this.cameraAugmentations = Set.copyOf(set);
            return this;
        }

        /**
         * Sets the weights storage type, {@code F16} (default) or {@code F32}.
         *
         * @param dtype the type
         * @return this builder
         */
        public Builder optWeightsDtype(String dtype) {
            this.weightsDtype = dtype;
            return this;
        }

        /**
         * Sets how often each class is drawn per epoch (default {@link ClassBalance#NONE}).
         *
         * @param balance the policy
         * @return this builder
         */
        public Builder optClassBalance(ClassBalance balance) {
            this.classBalance = balance;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the options
         * @throws IllegalArgumentException naming the first invalid setting
         */
        public TrainingOptions build() {
            if (sources.isEmpty() || outDir == null) {
                throw new IllegalArgumentException("data sources and an output folder are required");
            }
            check(epochs >= 1, "epochs must be at least 1");
            check(imageSize >= 32 && imageSize <= 512, "image size must be in 32..512");
            check(batchSize >= 2, "batch size must be at least 2");
            check(learningRate > 0 && learningRate < 1, "learning rate must be in (0, 1)");
            check(weightDecay >= 0, "weight decay must not be negative");
            check(weightsDtype.equals("F16") || weightsDtype.equals("F32"), "weights dtype must be F16 or F32");
            check(!freezeBackbone || pretrained != null, "--freeze-backbone needs --pretrained weights");
            check(distillWeight > 0 && distillWeight <= 100, "distillation weight must be in (0, 100]");
            check(augment || cameraAugmentations.isEmpty(), "--augment adds to augmentation: drop --no-augment");
            return new TrainingOptions(this);
        }

        private static void check(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
