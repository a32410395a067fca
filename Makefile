# face-mask: build, test and the data/model workflow. `make help` lists the targets.
MVN      ?= ./mvnw -B
FACEMASK := bin/facemask
SOURCE   ?= ../shared/datasets/face-mask-classification
DATA     ?= data
# The bundled model (three classes), and the two-class model it is fine-tuned from (not shipped).
MODEL    ?= models/facemask-resnet18
BASE     ?= scratch/facemask-resnet18-2class
# The three-class model before hardening (stage 2), which `make train-hardened` fine-tunes into MODEL.
STAGE2   ?= scratch/facemask-resnet18-stage2
EPOCHS   ?= 36
SIZE     ?= 112
IMAGE    ?= src/test/resources/fixtures/faces/with_mask/with_mask_00.jpg
SCENES   ?= ../shared/datasets/face-mask-scenes
MFN      ?= ../shared/datasets/maskedface-net-sample
TWELVE_K ?= ../shared/datasets/face-mask-12k
# The bundled model's sources, each a split folder (train/ + val/), made by `make data-sources`.
SOURCES  ?= sources
# The face check (face / not_face) behind the detectors, and its training crops.
FACE_CHECK ?= models/face-check-resnet18
FACE_CHECK_DATA ?= face-check-data
# Share of the scene photos kept out of training, for evaluate-scenes.
HOLDOUT  ?= 0.3
# The detectors whose boxes the bundled model's scenes-detected crops were cut from (the service's
# defaults have changed since; pinned so that `make data-sources` remakes the same source).
CROP_DETECTORS ?= models/detectors/aizoo-facemask/aizoo-facemask-360.onnx,models/detectors/ultraface-masked/RFB-640-masked_face-v2.onnx
# Python environment of `facemask quantize` (ONNX Runtime's quantizer), and its calibration sources.
QUANTIZE_VENV ?= .venv-quantize
QUANTIZE_REQUIREMENTS := src/main/resources/org/facemask/quantization/requirements.txt
INT8     ?= scratch/facemask-resnet18-int8
JAR      := target/facemask.jar
CDS      := target/facemask.jsa
# Where `make notebook` writes the executed copy of notebook.ipynb.
NOTEBOOK_OUT ?= target/notebook.ipynb
IMAGE_NAME ?= face-mask
CLUSTER  ?= face-mask
# docker where it exists, else podman (CONTAINER=podman to choose).
CONTAINER ?= $(shell command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1 && echo docker || echo podman)

.PHONY: help build test run predict split eda train evaluate data-sources train-model train-hardened evaluate-sources \
	data-face-check train-face-check evaluate-scenes drift quantize-venv quantize bench-train bench-serve image \
	image-smoke image-edge kind-up kind-load deploy undeploy smoke notebook clean

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

data-sources: $(JAR) ## SOURCES/: DATA's split, scene and detector crops (hold-out apart), MFN split
	@test -d $(DATA)/train || { echo "run 'make split' first"; exit 1; }
	@test ! -e $(SOURCES) || { echo "$(SOURCES) exists; remove it first"; exit 1; }
	mkdir -p $(SOURCES) && cp -r $(DATA) $(SOURCES)/classification
	$(FACEMASK) split --source $(MFN) --dest $(SOURCES)/mfn --seed 42
	$(FACEMASK) crops --data $(SCENES) --dest $(SOURCES)/scenes --holdout $(HOLDOUT) --min-width 10 --val-share 0.15
	$(FACEMASK) crops --data $(SCENES) --dest $(SOURCES)/scenes-detected --holdout $(HOLDOUT) --detected \
	  --detector $(CROP_DETECTORS) --face-threshold 0.3 --val-share 0.15
	$(FACEMASK) crops --data $(SCENES) --dest $(SOURCES)/scenes-heldout --holdout $(HOLDOUT) --held-out

train-model: $(JAR) ## Stage 2, run with MODEL=STAGE2: BASE fine-tuned jointly on every source to 3 classes (nice'd, ~1.5 h)
	nice -n 10 $(FACEMASK) train --out $(MODEL) --epochs 8 --image-size $(SIZE) --lr 0.001 --seed 7 --class-balance sqrt \
	  --data classification=$(SOURCES)/classification --data 12k=$(TWELVE_K):0.5 --data scenes=$(SOURCES)/scenes \
	  --data scenes-detected=$(SOURCES)/scenes-detected --data mfn=$(SOURCES)/mfn \
	  --pretrained $(BASE)/weights.safetensors

train-hardened: $(JAR) ## The bundled MODEL: STAGE2 fine-tuned with camera augmentations (occlusion, jpeg, blur; ~12 min)
	nice -n 10 $(FACEMASK) train --out $(MODEL) --epochs 5 --image-size $(SIZE) --lr 0.0003 --seed 11 --class-balance sqrt \
	  --augment occlusion,jpeg,blur \
	  --data classification=$(SOURCES)/classification --data 12k=$(TWELVE_K):0.5 --data scenes=$(SOURCES)/scenes \
	  --data scenes-detected=$(SOURCES)/scenes-detected --data mfn=$(SOURCES)/mfn \
	  --pretrained $(STAGE2)/weights.safetensors

evaluate-sources: $(JAR) ## MODEL on every source's validation split, mask-or-not (sources.json)
	$(FACEMASK) evaluate --backend ONNX --mask-or-not --model $(MODEL) --json sources.json \
	  --data classification=$(SOURCES)/classification/val --data 12k=$(TWELVE_K)/validation \
	  --data scenes-heldout=$(SOURCES)/scenes-heldout --data mfn=$(SOURCES)/mfn/val

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

# A stamp file, not bin/python: that is a symlink to the system's interpreter, whose date make would read.
$(QUANTIZE_VENV)/installed: $(QUANTIZE_REQUIREMENTS)
	rm -rf $(QUANTIZE_VENV)
	python3 -m venv $(QUANTIZE_VENV)
	$(QUANTIZE_VENV)/bin/pip install -q --retries 1 -r $(QUANTIZE_REQUIREMENTS)
	touch $@

quantize-venv: $(QUANTIZE_VENV)/installed ## Python environment for `facemask quantize` (pip's configured index)

quantize: $(JAR) quantize-venv ## INT8: MODEL quantized to int8, calibrated on 300 training images of SOURCES
	@test -d $(SOURCES)/classification || { echo "run 'make data-sources' first"; exit 1; }
	$(FACEMASK) quantize --model $(MODEL) --out $(INT8) --python $(QUANTIZE_VENV)/bin/python \
	  --calibration $(SOURCES)/classification --calibration $(TWELVE_K) --calibration $(SOURCES)/scenes \
	  --calibration $(SOURCES)/scenes-detected --calibration $(SOURCES)/mfn

bench-train: $(JAR) ## Training speed, DJL vs PyTorch (needs python3-torch)
	bench/train-speed.sh

bench-serve: build ## Serving benchmark (needs wrk): throughput vs raw engine, latency, log on/off
	bench/serve.sh

image: ## Container image face-mask with docker or podman (BUILD_ARGS="--build-arg ...")
	$(CONTAINER) build -t $(IMAGE_NAME) $(BUILD_ARGS) .

image-edge: ## The edge image face-mask:edge: serve on ONNX Runtime alone, no DJL / libtorch / FFmpeg
	$(CONTAINER) build --target edge -t $(IMAGE_NAME):edge $(BUILD_ARGS) .

image-smoke: ## Build the images (full, edge) with podman, run them, check /predict, clean up (what CI runs)
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

notebook: $(JAR) ## Execute notebook.ipynb headless on its Java kernel into NOTEBOOK_OUT; fails on any error (needs jupyter-nbconvert)
	$(MVN) -q dependency:copy@notebook-kernel
	bin/notebook run $(NOTEBOOK_OUT)

clean: ## Remove build outputs
	$(MVN) -q clean
