package org.facemask.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.facemask.serving.ServerConfig;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests, loaded into fabric8's typed models and checked strictly (no API
 * server runs here, and {@code kubectl --dry-run=client} needs one): an unknown or misspelled
 * field, a wrong type or a broken link between the objects and the app fails the build.
 */
class ManifestTest {

    private static final Path K8S = Path.of("k8s");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/Namespace", Namespace.class,
            "apps/v1/Deployment", Deployment.class,
            "v1/Service", Service.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "batch/v1/CronJob", CronJob.class);
    private static final String NAMESPACE = "face-mask";
    private static final int APP_PORT = 8080;

    /** Loads one manifest into the typed model of its apiVersion and kind, refusing anything it does not know. */
    static HasMetadata load(String yaml, String source) throws IOException {
        Map<?, ?> raw = YAML.readValue(yaml, Map.class);
        String key = raw.get("apiVersion") + "/" + raw.get("kind");
        Class<? extends HasMetadata> type = KINDS.get(key);
        if (type == null) {
            throw new IllegalArgumentException(source + ": unexpected apiVersion/kind " + key);
        }
        HasMetadata object = YAML.readValue(yaml, type);
        List<String> unknown = new ArrayList<>();
        collectUnknownFields(object, object.getKind(), unknown, new IdentityHashMap<>());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(source + ": unknown fields " + unknown);
        }
        return object;
    }

    /** fabric8 keeps fields it does not know in additionalProperties; anything there is a typo. */
    private static void collectUnknownFields(Object node, String path, List<String> unknown,
            IdentityHashMap<Object, Boolean> seen) {
        if (node == null || seen.put(node, Boolean.TRUE) != null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                collectUnknownFields(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> collectUnknownFields(v, path + "." + k, unknown, seen));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> unknown.add(path + "." + k));
                }
                continue;
            }
            String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
            collectUnknownFields(value, path + "." + field, unknown, seen);
        }
    }

    private static List<HasMetadata> manifests() throws IOException {
        List<HasMetadata> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                out.add(load(Files.readString(file), file.toString()));
            }
        }
        return out;
    }

    private static <T extends HasMetadata> T only(List<HasMetadata> all, Class<T> type) {
        List<T> found = all.stream().filter(type::isInstance).map(type::cast).toList();
        assertEquals(1, found.size(), "expected one " + type.getSimpleName());
        return found.get(0);
    }

    @Test
    void every_manifest_loads_strictly_into_its_typed_model() throws IOException {
        List<HasMetadata> all = manifests();
        assertEquals(KINDS.size(), all.size(), "one file per object kind");
        for (HasMetadata object : all) {
            if (!(object instanceof Namespace)) {
                assertEquals(NAMESPACE, object.getMetadata().getNamespace(), object.getKind() + " namespace");
            }
        }
        assertEquals(NAMESPACE, only(all, Namespace.class).getMetadata().getName());
    }

    @Test
    void a_misspelled_field_is_refused() throws IOException {
        String deployment = Files.readString(K8S.resolve("deployment.yaml"));
        String broken = deployment.replace("readinessProbe:", "readinessProbes:");
        assertFalse(broken.equals(deployment));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> load(broken, "broken deployment"));
        assertTrue(e.getMessage().contains("readinessProbes"), e.getMessage());
        String misplaced = deployment.replace("  replicas: 2", "  replica: 2");
        assertThrows(IllegalArgumentException.class, () -> load(misplaced, "misplaced field"));
    }

    @Test
    void a_wrong_type_is_refused() throws IOException {
        String service = Files.readString(K8S.resolve("service.yaml")).replace("nodePort: 30008", "nodePort: thirty");
        assertThrows(IOException.class, () -> load(service, "broken service"));
    }

    @Test
    void deployment_runs_the_image_the_makefile_builds_with_probes_on_the_real_endpoints() throws IOException {
        Deployment deployment = only(manifests(), Deployment.class);
        assertTrue(deployment.getSpec().getReplicas() >= 2, "replicas");
        assertEquals(deployment.getSpec().getSelector().getMatchLabels(),
                deployment.getSpec().getTemplate().getMetadata().getLabels(), "selector matches the pods");
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        Container app = pod.getContainers().get(0);
        assertEquals(makefileImage() + ":latest", app.getImage());
        assertEquals("IfNotPresent", app.getImagePullPolicy(), "kind-loaded images must not be pulled");
        assertEquals(APP_PORT, app.getPorts().get(0).getContainerPort());
        assertTrue(dockerfile().contains("EXPOSE " + APP_PORT));
        String portName = app.getPorts().get(0).getName();
        assertEquals("/health/ready", app.getReadinessProbe().getHttpGet().getPath());
        assertEquals(portName, app.getReadinessProbe().getHttpGet().getPort().getStrVal());
        assertEquals("/health/live", app.getLivenessProbe().getHttpGet().getPath());
        assertEquals("/health/ready", app.getStartupProbe().getHttpGet().getPath());
        assertTrue(app.getSecurityContext().getReadOnlyRootFilesystem());
        // The read-only root needs the log folder and /tmp mounted writable.
        String dataDir = app.getEnv().stream().filter(e -> e.getName().equals("FACEMASK_DATA_DIR")).findFirst()
                .orElseThrow().getValue();
        List<String> mounts = app.getVolumeMounts().stream().map(m -> m.getMountPath()).toList();
        assertTrue(mounts.contains(dataDir) && mounts.contains("/tmp"), "writable mounts " + mounts);
        assertTrue(app.getResources().getLimits().containsKey("memory") && app.getResources().getRequests()
                .containsKey("cpu"), "the HPA needs CPU requests; memory needs a limit");
    }

    @Test
    void a_pod_stops_inside_its_grace_period() throws IOException {
        PodSpec pod = only(manifests(), Deployment.class).getSpec().getTemplate().getSpec();
        Container app = pod.getContainers().get(0);
        List<String> preStop = app.getLifecycle().getPreStop().getExec().getCommand();
        assertEquals("sleep", preStop.get(0), "preStop " + preStop);
        int preStopSeconds = Integer.parseInt(preStop.get(1));
        assertTrue(preStopSeconds >= 2, "endpoints need a moment to drop the pod");
        int shutdownMillis = app.getEnv().stream().filter(e -> e.getName().equals("FACEMASK_SHUTDOWN_TIMEOUT_MS"))
                .findFirst().map(e -> Integer.parseInt(e.getValue()))
                .orElse(ServerConfig.builder().setModelDir(Path.of(".")).build().shutdownTimeoutMillis());
        // Kubernetes kills what is still running when the grace period ends: preStop, the
        // service's whole stop budget and a few seconds for the JVM to exit must fit.
        assertTrue(preStopSeconds + shutdownMillis / 1000.0 + 3 <= pod.getTerminationGracePeriodSeconds(),
                "grace " + pod.getTerminationGracePeriodSeconds() + " s for preStop " + preStopSeconds
                        + " s + shutdown " + shutdownMillis + " ms");
    }

    @Test
    void service_exposes_node_port_30008_to_the_deployments_pods() throws IOException {
        List<HasMetadata> all = manifests();
        Service service = only(all, Service.class);
        Deployment deployment = only(all, Deployment.class);
        assertEquals("NodePort", service.getSpec().getType());
        ServicePort port = service.getSpec().getPorts().get(0);
        assertEquals(30008, port.getNodePort());
        String target = port.getTargetPort().getStrVal();
        assertTrue(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().stream()
                .anyMatch(p -> p.getName().equals(target)), "target port " + target + " is not a container port");
        assertEquals(service.getSpec().getSelector(), deployment.getSpec().getTemplate().getMetadata().getLabels());
        PodDisruptionBudget pdb = only(all, PodDisruptionBudget.class);
        assertEquals(pdb.getSpec().getSelector().getMatchLabels(), deployment.getSpec().getSelector().getMatchLabels());
    }

    @Test
    void autoscaler_scales_the_deployment_on_cpu_from_at_least_two_replicas() throws IOException {
        List<HasMetadata> all = manifests();
        HorizontalPodAutoscaler hpa = only(all, HorizontalPodAutoscaler.class);
        Deployment deployment = only(all, Deployment.class);
        assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
        assertEquals(deployment.getMetadata().getName(), hpa.getSpec().getScaleTargetRef().getName());
        assertTrue(hpa.getSpec().getMinReplicas() >= 2
                && hpa.getSpec().getMaxReplicas() > hpa.getSpec().getMinReplicas());
        assertEquals("cpu", hpa.getSpec().getMetrics().get(0).getResource().getName());
        int target = hpa.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization();
        assertTrue(target > 0 && target <= 90, "CPU target " + target);
    }

    @Test
    void drift_cronjob_runs_the_drift_command_of_the_same_image() throws IOException {
        CronJob cron = only(manifests(), CronJob.class);
        Container drift = cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals(makefileImage() + ":latest", drift.getImage());
        assertEquals("drift", drift.getArgs().get(0));
        assertTrue(drift.getArgs().contains("--out"));
    }

    @Test
    void kustomization_lists_every_manifest() throws IOException {
        Map<?, ?> kustomization = YAML.readValue(Files.readString(Path.of("kustomization.yaml")), Map.class);
        List<?> resources = (List<?>) kustomization.get("resources");
        try (Stream<Path> files = Files.list(K8S)) {
            List<String> manifests = files.map(f -> "k8s/" + f.getFileName()).sorted().toList();
            assertEquals(manifests, resources.stream().map(Object::toString).sorted().toList());
        }
    }

    private static String makefileImage() throws IOException {
        Matcher m = Pattern.compile("(?m)^IMAGE_NAME\\s*\\?=\\s*(\\S+)").matcher(Files.readString(Path.of("Makefile")));
        assertTrue(m.find(), "Makefile has no IMAGE_NAME");
        return m.group(1);
    }

    private static String dockerfile() throws IOException {
        return Files.readString(Path.of("Dockerfile"));
    }
}
