"""PyTorch reference for bench/train-speed.sh: ResNet18 training images/s on random data.

Same work as the Java side: torchvision ResNet18 (2 classes), batch 32, Adam(W), cross-entropy.
Usage: python3 train_speed_pytorch.py SIZE BATCH STEPS THREADS
"""
import sys
import time

import torch
import torchvision

size, batch, steps, threads = (int(a) for a in sys.argv[1:5])
torch.set_num_threads(threads)
torch.manual_seed(0)
model = torchvision.models.resnet18(num_classes=2)
model.train()
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.05)
loss_fn = torch.nn.CrossEntropyLoss()
x = torch.randn(batch, 3, size, size)
y = torch.randint(0, 2, (batch,))


def step():
    optimizer.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    optimizer.step()


for _ in range(3):  # warm-up
    step()
start = time.perf_counter()
for _ in range(steps):
    step()
elapsed = time.perf_counter() - start
print(f"pytorch {torch.__version__} size={size} batch={batch} threads={threads} images/s={steps * batch / elapsed:.2f}")
