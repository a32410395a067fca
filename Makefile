# face-mask: build, test and the data/model workflow. `make help` lists the targets.
MVN      ?= ./mvnw -B
FACEMASK := bin/facemask
SOURCE   ?= ../shared/datasets/face-mask-classification
DATA     ?= data
# The bundled model (three classes), and the two-class model it is fine-tuned from (not shipped).
MODEL    ?= models/facemask-resnet18
BASE     ?= scratch/facemask-resnet18-2class
EPOCHS   ?= 36
SIZE     ?= 112
IMAGE    ?= src/test/resources/fixtures/faces/with_mask/with_mask_00.jpg
SCENES   ?= ../shared/datasets/face-mask-scenes
MFN      ?= ../shared/datasets/maskedface-net-sample
DATA3    ?= data3
DATA3D   ?= data3-detected
# The face check (face / not_face) behind the detectors, and its training crops.
FACE_CHECK ?= models/face-check-resnet18
FACE_CHECK_DATA ?= face-check-data
# Share of the scene photos kept out of training, for evaluate-scenes.
HOLDOUT  ?= 0.3
JAR      := target/facemask.jar
CDS      := target/facemask.jsa
IMAGE_NAME ?= face-mask
CLUSTER  ?= face-mask
# docker where it exists, else podman (CONTAINER=podman to choose).
CONTAINER ?= $(shell command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1 && echo docker || echo podman)

.PHONY: help build test run predict split eda train evaluate data-3class train-3class data-3class-detected \
	tune-detected data-face-check train-face-check evaluate-scenes drift bench-train bench-serve image image-smoke \
	kind-up kind-load deploy undeploy smoke clean

help: ## List the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-22s %s\n", $$1, $$2}'

$(JAR): pom.xml $(shell find src/main -type f)
	$(MVN) -q package -DskipTests

# Class-data-sharing archive of everything start-up loads (AppCDS): the service gets ready about a
# second sooner. Recorded by starting the service once; bin/facemask uses it while it is newer
# than the jar.
$(CDS): $(JAR) $(MODEL)/model.json
	rm -rf target/cds-var
	FACEMASK_JAVA_OPTS="-XX:ArchiveClassesAtExit=$(CDS) -Xlog:cds=off -Xlog:cds+dynamic=off" \
	  $(FACEMASK) serve --host 127.0.0.1 --port 0 --model $(MODEL) --data-dir target/cds-var --exit-when-ready >/dev/null

build: $(JAR) $(CDS) ## Compile and package (target/facemask.jar + target/lib + start-up class archive)

test: ## Build and run every test (what CI runs)
	$(MVN) verify

run: build ## Serve the bundled model on http://localhost:8080 (ONNX Runtime)
	$(FACEMASK) serve --port 8080 --model $(MODEL)

predict: $(JAR) ## Classify IMAGE with the bundled model
	$(FACEMASK) predict --model $(MODEL) $(IMAGE)

split: $(JAR) ## Leak-free 80/20 split of SOURCE into DATA/train and DATA/val
	$(FACEMASK) split --source $(SOURCE) --dest $(DATA)

eda: $(JAR) ## HTML report about SOURCE (eda-report.html)
	$(FACEMASK) eda --data $(SOURCE) --out eda-report.html

train: $(JAR) ## Train the two-class BASE model from DATA (nice'd; takes ~1.5 h on 2 cores at 112 px)
	nice -n 10 $(FACEMASK) train --data $(DATA) --out $(BASE) --epochs $(EPOCHS) --image-size $(SIZE) --lr 0.003 --seed 42

evaluate: $(JAR) ## Evaluate MODEL on DATA/val
	$(FACEMASK) evaluate --data $(DATA)/val --model $(MODEL) --json evaluation.json

data-3class: $(JAR) ## DATA3: DATA's split + scene face crops (minus the hold-out) + a split of MFN
	@test -d $(DATA)/train || { echo "run 'make split' first"; exit 1; }
	@test ! -e $(DATA3) || { echo "$(DATA3) exists; remove it first"; exit 1; }
	$(FACEMASK) crops --data $(SCENES) --dest $(DATA3).tmp/scenes --holdout $(HOLDOUT) --min-width 10
	$(FACEMASK) split --source $(MFN) --dest $(DATA3).tmp/mfn --seed 42
	for part in train val; do for c in mask no_mask; do mkdir -p $(DATA3)/$$part/$$c && cp $(DATA)/$$part/$$c/* $(DATA3)/$$part/$$c/; done; done
	for c in mask no_mask mask_incorrect; do mkdir -p $(DATA3)/train/$$c $(DATA3)/val/$$c; \
	  for f in $(DATA3).tmp/scenes/$$c/*; do cp "$$f" "$(DATA3)/train/$$c/scene_$${f##*/}"; done; done
	for part in train val; do for c in mask mask_incorrect; do \
	  for f in $(DATA3).tmp/mfn/$$part/$$c/*; do cp "$$f" "$(DATA3)/$$part/$$c/mfn_$${f##*/}"; done; done; done
	rm -rf $(DATA3).tmp

train-3class: $(JAR) ## The bundled MODEL: fine-tune BASE on DATA3 to mask / mask_incorrect / no_mask (nice'd, ~1 h)
	nice -n 10 $(FACEMASK) train --data $(DATA3) --out $(MODEL) --epochs 12 --image-size $(SIZE) --lr 0.001 --seed 7 \
	  --class-balance sqrt --pretrained $(BASE)/weights.safetensors

data-3class-detected: $(JAR) ## DATA3D: DATA3 + crops of the detectors' boxes on the scene photos (minus the hold-out)
	@test ! -e $(DATA3D) || { echo "$(DATA3D) exists; remove it first"; exit 1; }
	cp -r $(DATA3) $(DATA3D)
	$(FACEMASK) crops --data $(SCENES) --dest $(DATA3D).tmp --holdout $(HOLDOUT) --detected --face-threshold 0.3
	for c in mask no_mask mask_incorrect; do \
	  for f in $(DATA3D).tmp/$$c/*; do cp "$$f" "$(DATA3D)/train/$$c/det_$${f##*/}"; done; done
	rm -rf $(DATA3D).tmp

tune-detected: $(JAR) ## The bundled MODEL, last step: 4 epochs on DATA3D from MODEL itself (faces framed as the service sees them)
	nice -n 10 $(FACEMASK) train --data $(DATA3D) --out $(MODEL) --epochs 4 --image-size $(SIZE) --lr 0.0003 --seed 11 \
	  --class-balance sqrt --pretrained $(MODEL)/weights.safetensors

data-face-check: $(JAR) ## FACE_CHECK_DATA: detector candidates (score >= 0.05) on the tuning photos, face / not_face
	@test ! -e $(FACE_CHECK_DATA) || { echo "$(FACE_CHECK_DATA) exists; remove it first"; exit 1; }
	$(FACEMASK) crops --data $(SCENES) --dest $(FACE_CHECK_DATA) --holdout $(HOLDOUT) --val-share 0.15 \
	  --face-check-set --face-threshold 0.05 --max-not-faces 40

train-face-check: $(JAR) ## The bundled FACE_CHECK: fine-tune MODEL's weights on FACE_CHECK_DATA at 48 px (nice'd, ~25 min)
	nice -n 10 $(FACEMASK) train --data $(FACE_CHECK_DATA) --out $(FACE_CHECK) --epochs 10 --image-size 48 --lr 0.001 \
	  --seed 7 --class-balance sqrt --pretrained $(MODEL)/weights.safetensors

evaluate-scenes: $(JAR) ## Detection + per-face classification on the held-out scene photos (scenes.json)
	$(FACEMASK) evaluate-scenes --data $(SCENES) --model $(MODEL) --backend ONNX --holdout $(HOLDOUT) --json scenes.json

drift: $(JAR) ## Drift report of the last 24 h of the local prediction log (drift.html; exit 3 = drift)
	$(FACEMASK) drift --model $(MODEL) --out drift.html --json drift.json

bench-train: $(JAR) ## Training speed, DJL vs PyTorch (needs python3-torch)
	bench/train-speed.sh

bench-serve: build ## Serving benchmark (needs wrk): throughput vs raw engine, latency, log on/off
	bench/serve.sh

image: ## Container image face-mask with docker or podman (BUILD_ARGS="--build-arg ...")
	$(CONTAINER) build -t $(IMAGE_NAME) $(BUILD_ARGS) .

image-smoke: ## Build the image with podman, run it, check /predict, clean up (what CI runs)
	.ci/container-smoke.sh

kind-up: ## Create the kind cluster (needs kind and docker)
	kind create cluster --name $(CLUSTER) --config kind-cluster.yaml

kind-load: ## Load the image into the kind cluster
	kind load docker-image $(IMAGE_NAME) --name $(CLUSTER)

deploy: ## kubectl apply the manifests in k8s/
	kubectl apply -f k8s/namespace.yaml
	kubectl apply -f k8s/
	kubectl -n face-mask rollout status deployment/face-mask --timeout=180s

undeploy: ## Remove everything deploy created
	kubectl delete -f k8s/ --ignore-not-found

smoke: ## POST a fixture face to the NodePort (30008) and show the answer
	curl -fsS -F "file=@$(IMAGE)" http://localhost:30008/predict && echo

clean: ## Remove build outputs
	$(MVN) -q clean
