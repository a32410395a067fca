package org.facemask.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.facemask.cli.FaceMaskCli;
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
            "batch/v1/CronJob", CronJob.class,
            "v1/PersistentVolumeClaim", PersistentVolumeClaim.class,
            "batch/v1/Job", Job.class);
    /** Run on demand, never with every deployment: not in kustomization.yaml, not in {@code kubectl apply -f k8s/}. */
    private static final Path BATCH = K8S.resolve("batch");
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
        return manifests(K8S);
    }

    /** Loads the manifests of one folder (not its subfolders, as {@code kubectl apply -f} does). */
    private static List<HasMetadata> manifests(Path dir) throws IOException {
        List<HasMetadata> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
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
        String job = Files.readString(BATCH.resolve("score-job.yaml"));
        String typo = job.replace("completionMode: Indexed", "completionsMode: Indexed");
        assertFalse(typo.equals(job));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> load(typo, "broken job")).getMessage()
                .contains("completionsMode"));
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
    void drift_cronjob_runs_drift_then_on_exit_3_retrain_and_promote_into_the_registry() throws IOException {
        List<HasMetadata> all = manifests();
        CronJob cron = only(all, CronJob.class);
        PodSpec pod = cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        Container drift = pod.getContainers().get(0);
        assertEquals(makefileImage() + ":latest", drift.getImage());
        String script = String.join("\n", drift.getArgs());
        int driftAt = script.indexOf("bin/facemask drift --out");
        int onDrift = script.indexOf("[ \"$rc\" -eq 3 ] || exit");
        int retrainAt = script.indexOf("bin/facemask retrain --base");
        int promoteAt = script.indexOf("bin/facemask promote \"$out\" --registry " + registryPath(all));
        assertTrue(driftAt >= 0 && driftAt < onDrift && onDrift < retrainAt && retrainAt < promoteAt, script);
        assertTrue(script.contains("--gate"), "the retrain is gated");
        // The registry volume is written here, so not read-only.
        VolumeMount models = mountOf(pod, drift, registryClaim(all));
        assertFalse(Boolean.TRUE.equals(models.getReadOnly()));
    }

    @Test
    void service_pods_follow_the_registry_on_the_shared_volume_read_only() throws IOException {
        List<HasMetadata> all = manifests();
        PodSpec pod = only(all, Deployment.class).getSpec().getTemplate().getSpec();
        Container app = pod.getContainers().get(0);
        String registry = app.getEnv().stream().filter(e -> e.getName().equals("FACEMASK_MODEL_REGISTRY"))
                .map(EnvVar::getValue).findFirst().orElseThrow();
        assertEquals(registryPath(all), registry);
        VolumeMount models = mountOf(pod, app, registryClaim(all));
        assertTrue(models.getReadOnly(), "serving pods must not write the registry");
        assertTrue(registry.startsWith(models.getMountPath() + "/"), registry + " outside " + models.getMountPath());
        assertTrue(app.getEnv().stream().noneMatch(e -> e.getName().equals("FACEMASK_MODEL")),
                "--model and --model-registry exclude each other");
        Container wait = pod.getInitContainers().get(0);
        assertTrue(String.join(" ", wait.getCommand()).contains(registry + "/current"), "waits for a first version");
    }

    @Test
    void the_init_job_seeds_the_same_registry_with_the_bundled_model() throws IOException {
        List<HasMetadata> all = manifests();
        PodSpec pod = only(all, Job.class).getSpec().getTemplate().getSpec();
        Container init = pod.getContainers().get(0);
        String script = String.join(" ", init.getArgs());
        assertTrue(script.contains("bin/facemask promote models/" + FaceMaskCli.BUNDLED_MODEL
                + " --registry " + registryPath(all)), script);
        mountOf(pod, init, registryClaim(all));
    }

    /** Returns the registry folder the Deployment serves from: FACEMASK_MODEL_REGISTRY. */
    private static String registryPath(List<HasMetadata> all) {
        return only(all, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals("FACEMASK_MODEL_REGISTRY")).map(EnvVar::getValue).findFirst()
                .orElseThrow();
    }

    private static String registryClaim(List<HasMetadata> all) {
        return only(all, PersistentVolumeClaim.class).getMetadata().getName();
    }

    /** Returns the container's mount of the pod volume backed by the claim; fails if there is none. */
    private static VolumeMount mountOf(PodSpec pod, Container container, String claim) {
        String volume = pod.getVolumes().stream().filter(v -> v.getPersistentVolumeClaim() != null
                && v.getPersistentVolumeClaim().getClaimName().equals(claim)).map(Volume::getName).findFirst()
                .orElseThrow(() -> new AssertionError("no volume of claim " + claim));
        return container.getVolumeMounts().stream().filter(m -> m.getName().equals(volume)).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " does not mount " + volume));
    }

    @Test
    void kustomization_lists_every_manifest() throws IOException {
        Map<?, ?> kustomization = YAML.readValue(Files.readString(Path.of("kustomization.yaml")), Map.class);
        List<?> resources = (List<?>) kustomization.get("resources");
        // The service's manifests; k8s/batch/ is run on demand, never with every deployment.
        try (Stream<Path> files = Files.list(K8S)) {
            List<String> manifests = files.filter(Files::isRegularFile).map(f -> "k8s/" + f.getFileName()).sorted()
                    .toList();
            assertEquals(manifests, resources.stream().map(Object::toString).sorted().toList());
        }
    }

    @Test
    void score_job_gives_each_indexed_pod_its_own_shard_of_the_shared_volume() throws IOException {
        List<HasMetadata> batch = manifests(BATCH);
        for (HasMetadata object : batch) {
            assertEquals(NAMESPACE, object.getMetadata().getNamespace(), object.getMetadata().getName());
        }
        Job job = batch.stream().filter(o -> o.getMetadata().getName().equals("face-mask-score")).map(Job.class::cast)
                .findFirst().orElseThrow();
        JobSpec spec = job.getSpec();
        assertEquals("Indexed", spec.getCompletionMode());
        assertTrue(spec.getParallelism() >= 1 && spec.getParallelism() <= spec.getCompletions(),
                "parallelism " + spec.getParallelism() + " of " + spec.getCompletions());
        PodSpec pod = spec.getTemplate().getSpec();
        assertEquals("Never", pod.getRestartPolicy(), "a failed pod is replaced, its index retried");
        Container score = pod.getContainers().get(0);
        assertEquals(makefileImage() + ":latest", score.getImage());
        assertEquals("IfNotPresent", score.getImagePullPolicy());
        // One shard per completion index: n in --shard i/n is the number of completions.
        assertEquals(String.valueOf(spec.getCompletions()), env(score, "SHARD_COUNT").getValue(),
                "SHARD_COUNT must equal completions");
        assertEquals("metadata.annotations['batch.kubernetes.io/job-completion-index']",
                env(score, "JOB_COMPLETION_INDEX").getValueFrom().getFieldRef().getFieldPath());
        List<String> args = score.getArgs();
        assertEquals("score", args.get(0));
        assertEquals("$(JOB_COMPLETION_INDEX)/$(SHARD_COUNT)", args.get(args.indexOf("--shard") + 1));
        String output = args.get(args.indexOf("--output") + 1);
        assertTrue(output.contains("$(JOB_COMPLETION_INDEX)") && output.endsWith(".jsonl"),
                "each index writes its own output: " + output);
        // Input and outputs on the shared claim, mounted where the args point.
        String claim = pod.getVolumes().stream().filter(v -> v.getPersistentVolumeClaim() != null).findFirst()
                .orElseThrow().getPersistentVolumeClaim().getClaimName();
        String mount = score.getVolumeMounts().stream().filter(m -> !m.getMountPath().equals("/tmp")).findFirst()
                .orElseThrow().getMountPath();
        assertTrue(args.get(args.indexOf("--input") + 1).startsWith(mount + "/") && output.startsWith(mount + "/"));
        assertTrue(score.getSecurityContext().getReadOnlyRootFilesystem());
        assertTrue(score.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp")));
        // A usage error (exit 2) would fail again on every retry: it fails the Job at once.
        assertEquals("FailJob", spec.getPodFailurePolicy().getRules().get(0).getAction());
        assertEquals(List.of(2), spec.getPodFailurePolicy().getRules().get(0).getOnExitCodes().getValues());

        Job merge = batch.stream().filter(o -> o.getMetadata().getName().equals("face-mask-score-merge"))
                .map(Job.class::cast).findFirst().orElseThrow();
        Container merging = merge.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals(score.getImage(), merging.getImage());
        assertEquals(env(score, "SHARD_COUNT").getValue(), env(merging, "SHARD_COUNT").getValue());
        assertTrue(merging.getArgs().get(0).contains("score-merge " + output.replace("$(JOB_COMPLETION_INDEX)", "*")),
                "the merge reads what the score pods write: " + merging.getArgs());
        assertEquals(claim, merge.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getPersistentVolumeClaim() != null).findFirst().orElseThrow()
                .getPersistentVolumeClaim().getClaimName());
    }

    /**
     * KServe's InferenceService v1beta1 as documented (no KServe cluster or CRD runs here): the
     * predictor is a ComponentExtensionSpec (these fields), a framework spec (none for a custom
     * predictor) and an inlined core PodSpec, which fabric8 checks strictly with its containers.
     */
    private static final Set<String> KSERVE_COMPONENT_FIELDS = Set.of("minReplicas", "maxReplicas", "scaleTarget",
            "scaleMetric", "containerConcurrency", "timeout", "canaryTrafficPercent", "logger", "batcher", "labels",
            "annotations", "deploymentStrategy");
    private static final Path KSERVE = K8S.resolve("kserve/inferenceservice.yaml");

    /** Loads the InferenceService's predictor as a PodSpec, refusing any field KServe does not document. */
    static PodSpec kservePredictor(String yaml) throws IOException {
        Map<?, ?> raw = YAML.readValue(yaml, Map.class);
        assertEquals("serving.kserve.io/v1beta1", raw.get("apiVersion"));
        assertEquals("InferenceService", raw.get("kind"));
        assertTrue(Set.of("apiVersion", "kind", "metadata", "spec").containsAll(raw.keySet()),
                "fields " + raw.keySet());
        ObjectMeta meta = YAML.convertValue(raw.get("metadata"), ObjectMeta.class);
        assertEquals(NAMESPACE, meta.getNamespace());
        List<String> unknown = new ArrayList<>();
        collectUnknownFields(meta, "metadata", unknown, new IdentityHashMap<>());
        Map<?, ?> spec = (Map<?, ?>) raw.get("spec");
        assertTrue(Set.of("predictor", "transformer", "explainer").containsAll(spec.keySet()), "spec " + spec.keySet());
        Map<String, Object> pod = new LinkedHashMap<>();
        ((Map<?, ?>) spec.get("predictor")).forEach((k, v) -> {
            if (!KSERVE_COMPONENT_FIELDS.contains(k.toString())) {
                pod.put(k.toString(), v);
            }
        });
        PodSpec predictor = YAML.convertValue(pod, PodSpec.class);
        collectUnknownFields(predictor, "spec.predictor", unknown, new IdentityHashMap<>());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown fields " + unknown);
        }
        return predictor;
    }

    @Test
    void kserve_predictor_runs_the_same_image_probed_on_the_v2_health_routes() throws IOException {
        String yaml = Files.readString(KSERVE);
        PodSpec predictor = kservePredictor(yaml);
        Map<?, ?> component = (Map<?, ?>) ((Map<?, ?>) YAML.readValue(yaml, Map.class).get("spec")).get("predictor");
        assertTrue((Integer) component.get("minReplicas") >= 1
                && (Integer) component.get("maxReplicas") >= (Integer) component.get("minReplicas"));
        assertEquals(1, predictor.getContainers().size(), "a custom predictor is one container");
        Container app = predictor.getContainers().get(0);
        assertEquals(makefileImage() + ":latest", app.getImage());
        assertEquals(List.of("serve", "--port", String.valueOf(APP_PORT)), app.getArgs());
        assertEquals(APP_PORT, app.getPorts().get(0).getContainerPort());
        assertEquals("/v2/health/ready", app.getReadinessProbe().getHttpGet().getPath());
        assertEquals("/v2/health/live", app.getLivenessProbe().getHttpGet().getPath());
        assertEquals(APP_PORT, app.getReadinessProbe().getHttpGet().getPort().getIntVal());
        assertEquals(APP_PORT, app.getLivenessProbe().getHttpGet().getPort().getIntVal());
        assertTrue(app.getResources().getRequests().containsKey("cpu")
                && app.getResources().getLimits().containsKey("memory"));
        assertTrue(app.getSecurityContext().getReadOnlyRootFilesystem());
        String dataDir = env(app, "FACEMASK_DATA_DIR").getValue();
        List<String> mounts = app.getVolumeMounts().stream().map(VolumeMount::getMountPath).toList();
        assertTrue(mounts.contains(dataDir) && mounts.contains("/tmp"), "writable mounts " + mounts);
        // A field KServe does not have, at either level, is refused.
        assertThrows(IllegalArgumentException.class,
                () -> kservePredictor(yaml.replace("    minReplicas: 1", "    minReplica: 1")));
        assertThrows(IllegalArgumentException.class,
                () -> kservePredictor(yaml.replace("readinessProbe:", "readyProbe:")));
    }

    private static EnvVar env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no " + name));
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
