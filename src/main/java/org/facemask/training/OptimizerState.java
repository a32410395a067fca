package org.facemask.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.AdamW;
import ai.djl.training.optimizer.Optimizer;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.facemask.model.SafeTensors;

/**
 * AdamW's state (first and second moments, per-parameter step counts) saved by torchvision
 * parameter name, so a resumed run continues exactly where it stopped.
 *
 * <p>DJL (0.36.0, pinned in the pom) keeps this state in private fields keyed by random
 * parameter ids and offers no API to export it; it is read and written reflectively here, in one
 * place. A DJL upgrade that renames the fields fails with a message at the first checkpoint (and
 * the resume test), never silently.
 */
final class OptimizerState {

    private static final String MEAN = "mean/";
    private static final String VARIANCE = "variance/";

    private OptimizerState() {}

    /** The exported state: moments as F32 tensors, and the step counts. */
    record Saved(Map<String, SafeTensors.Tensor> moments, Map<String, Integer> steps, int numUpdate) {}

    /**
     * Copies the optimizer's state out.
     *
     * @param optimizer DJL's AdamW
     * @param parameters torchvision name → parameter
     * @return the state; parameters never updated (frozen) are absent
     */
    static Saved export(Optimizer optimizer, Map<String, Parameter> parameters) {
        Map<String, Map<Device, NDArray>> means = field(AdamW.class, "means", optimizer);
        Map<String, Map<Device, NDArray>> variances = field(AdamW.class, "variances", optimizer);
        Map<String, Integer> counts = field(Optimizer.class, "updateCounts", optimizer);
        Map<String, SafeTensors.Tensor> moments = new LinkedHashMap<>();
        Map<String, Integer> steps = new LinkedHashMap<>();
        parameters.forEach((name, p) -> {
            Map<Device, NDArray> mean = means.get(p.getId());
            Map<Device, NDArray> variance = variances.get(p.getId());
            if (mean != null && variance != null) {
                moments.put(MEAN + name, tensor(mean.get(Device.cpu())));
                moments.put(VARIANCE + name, tensor(variance.get(Device.cpu())));
            }
            Integer count = counts.get(p.getId());
            if (count != null) {
                steps.put(name, count);
            }
        });
        int numUpdate = field(Optimizer.class, "numUpdate", optimizer);
        return new Saved(moments, steps, numUpdate);
    }

    /**
     * Puts saved state into a fresh optimizer of the same network.
     *
     * @param optimizer DJL's AdamW, not yet stepped
     * @param parameters torchvision name → parameter (initialised)
     * @param saved the state
     * @throws IllegalArgumentException if a moment does not fit its parameter
     */
    static void restore(Optimizer optimizer, Map<String, Parameter> parameters, Saved saved) {
        Map<String, Map<Device, NDArray>> means = field(AdamW.class, "means", optimizer);
        Map<String, Map<Device, NDArray>> variances = field(AdamW.class, "variances", optimizer);
        Map<String, Integer> counts = field(Optimizer.class, "updateCounts", optimizer);
        parameters.forEach((name, p) -> {
            SafeTensors.Tensor mean = saved.moments().get(MEAN + name);
            SafeTensors.Tensor variance = saved.moments().get(VARIANCE + name);
            if (mean != null && variance != null) {
                means.put(p.getId(), onDevice(array(p, name, mean)));
                variances.put(p.getId(), onDevice(array(p, name, variance)));
            }
            Integer count = saved.steps().get(name);
            if (count != null) {
                counts.put(p.getId(), count);
            }
        });
        setField(Optimizer.class, "numUpdate", optimizer, saved.numUpdate());
    }

    private static Map<Device, NDArray> onDevice(NDArray array) {
        Map<Device, NDArray> map = new ConcurrentHashMap<>();
        map.put(Device.cpu(), array);
        return map;
    }

    private static NDArray array(Parameter p, String name, SafeTensors.Tensor t) {
        NDArray weight = p.getArray();
        if (!new Shape(t.shape()).equals(weight.getShape()) || !"F32".equals(t.dtype())) {
            throw new IllegalArgumentException("optimizer state for " + name + " is " + t.dtype() + " "
                    + new Shape(t.shape()) + ", the parameter is " + weight.getShape());
        }
        FloatBuffer values = t.data().duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        return weight.getManager().create(values, weight.getShape());
    }

    private static SafeTensors.Tensor tensor(NDArray array) {
        ByteBuffer source = array.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer copy = ByteBuffer.allocateDirect(source.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        copy.put(source).flip();
        return new SafeTensors.Tensor("F32", array.getShape().getShape(), copy);
    }

    // The caller names the field's declared type; reflection cannot check it for us.
    @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"})
    private static <T> T field(Class<?> owner, String name, Object target) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return (T) f.get(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read DJL optimizer state " + owner.getSimpleName() + "." + name
                    + " (is DJL still 0.36.0?): " + e, e);
        }
    }

    private static void setField(Class<?> owner, String name, Object target, int value) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            f.setInt(target, value);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot restore DJL optimizer state " + owner.getSimpleName() + "."
                    + name + " (is DJL still 0.36.0?): " + e, e);
        }
    }
}
