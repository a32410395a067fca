package org.facemask.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.facemask.dataset.ClassNames;
import org.facemask.model.Backend;
import org.facemask.model.MaskClassifier;
import org.facemask.model.ModelMetadata;

/**
 * Keeps a student's mask-or-not answer close to a teacher's while it learns more classes: the
 * loss gains {@code weight × BCE(p_student(mask), p_teacher(mask))}, on the same augmented batch.
 * Images labelled {@code mask_incorrect} are left out of that term: a two-class teacher calls most
 * of them "mask", which is exactly what the student must unlearn.
 */
final class Distillation implements AutoCloseable {

    private final MaskClassifier teacher;
    private final float weight;
    private final int studentMask;
    private final int excludedLabel;
    private final int classes;

    private Distillation(MaskClassifier teacher, float weight, int studentMask, int excludedLabel, int classes) {
        this.teacher = teacher;
        this.weight = weight;
        this.studentMask = studentMask;
        this.excludedLabel = excludedLabel;
        this.classes = classes;
    }

    /**
     * Loads the teacher.
     *
     * @param dir the teacher's model folder (any class set with {@code mask})
     * @param weight the weight of the distillation term
     * @param studentClasses the student's classes, in index order
     * @param imageSize the student's input size: the teacher must take the same input
     * @return the distillation
     * @throws IllegalArgumentException if teacher and student do not fit together
     */
    static Distillation load(Path dir, float weight, List<String> studentClasses, int imageSize) {
        MaskClassifier teacher = MaskClassifier.load(dir, Backend.DJL);
        ModelMetadata meta = teacher.metadata();
        String problem = !meta.classes().contains(ClassNames.MASK) ? "has no mask class"
                : !studentClasses.contains(ClassNames.MASK) ? "cannot teach a student without a mask class"
                : meta.inputSize() != imageSize ? "takes " + meta.inputSize() + " px, the student " + imageSize
                : !Arrays.equals(meta.mean(), ModelMetadata.imagenetMean()) || !Arrays.equals(meta.std(),
                        ModelMetadata.imagenetStd()) ? "normalises its input differently" : null;
        if (problem != null) {
            teacher.close();
            throw new IllegalArgumentException("teacher " + dir + " " + problem);
        }
        return new Distillation(teacher, weight, studentClasses.indexOf(ClassNames.MASK),
                studentClasses.indexOf(ClassNames.MASK_INCORRECT), studentClasses.size());
    }

    /**
     * Runs the teacher on a batch and returns the extra loss term for the student's logits.
     *
     * @param x the normalised batch the student trains on
     * @param y its labels (student class indices)
     * @return student logits → weighted distillation loss (a scalar)
     */
    Function<NDArray, NDArray> term(float[] x, float[] y) {
        int n = y.length;
        int teacherMask = teacher.classes().indexOf(ClassNames.MASK);
        float[][] logits = teacher.logits(x, n);
        float[] target = new float[n];
        float[] include = new float[n];
        float counted = 0;
        for (int i = 0; i < n; i++) {
            target[i] = MaskClassifier.softmax(logits[i])[teacherMask];
            include[i] = (int) y[i] == excludedLabel ? 0 : 1;
            counted += include[i];
        }
        float scale = weight / Math.max(1, counted);
        float[] select = new float[classes];
        select[studentMask] = 1;
        return studentLogits -> {
            NDManager m = studentLogits.getManager();
            NDArray logP = studentLogits.logSoftmax(1).mul(m.create(select, new Shape(1, classes))).sum(new int[] {1});
            // log(1 - p), kept finite where p rounds to 1.
            NDArray logNotP = logP.exp().neg().add(1).clip(1e-7, 1).log();
            NDArray t = m.create(target);
            NDArray bce = t.mul(logP).add(t.neg().add(1).mul(logNotP)).neg();
            return bce.mul(m.create(include)).sum().mul(scale);
        };
    }

    @Override
    public void close() {
        teacher.close();
    }
}
