"""Question 9 — a sentiment classifier on NSMC, frozen encoder vs full fine-tuning (reference)."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import torch
from plotly.subplots import make_subplots
from torch.utils.data import DataLoader, Dataset
from transformers import AutoModelForSequenceClassification, AutoTokenizer, PreTrainedModel

from kit.assets import model_name_or_path as kit_model

# The reference's learning rates: a tiny BERT wants more than BERT-base's 2e-5..5e-5, and a
# lone linear head on frozen features wants far more than that.
FULL_LR = 2e-4
FROZEN_LR = 5e-3


class NSMCDataset(Dataset):
    """NSMC reviews as model inputs: item i is {"input_ids": (seq,), "attention_mask": (seq,),
    "labels": ()} with seq <= max_length, unpadded; a missing document becomes ""."""

    def __init__(self, df: pd.DataFrame, tokenizer, max_length: int = 128):
        texts = ["" if pd.isna(t) else str(t) for t in df["document"]]
        self.encodings = tokenizer(texts, truncation=True, max_length=max_length)
        self.labels = [int(x) for x in df["label"]]

    def __len__(self) -> int:
        return len(self.labels)

    def __getitem__(self, index: int) -> dict[str, torch.Tensor]:
        return {
            "input_ids": torch.tensor(self.encodings["input_ids"][index], dtype=torch.long),
            "attention_mask": torch.tensor(self.encodings["attention_mask"][index], dtype=torch.long),
            "labels": torch.tensor(self.labels[index], dtype=torch.long),
        }


def make_loader(df: pd.DataFrame, tokenizer, batch_size: int = 16, shuffle: bool = False,
                max_length: int = 128, seed: int = 0) -> DataLoader:
    """A DataLoader whose batches are padded to their own longest item: input_ids and
    attention_mask (batch, longest), labels (batch,). Shuffling is reproducible from `seed`."""
    pad_id = tokenizer.pad_token_id

    def collate(items: list[dict[str, torch.Tensor]]) -> dict[str, torch.Tensor]:
        longest = max(len(item["input_ids"]) for item in items)
        input_ids = torch.full((len(items), longest), pad_id, dtype=torch.long)
        attention_mask = torch.zeros((len(items), longest), dtype=torch.long)
        for row, item in enumerate(items):
            n = len(item["input_ids"])
            input_ids[row, :n] = item["input_ids"]
            attention_mask[row, :n] = item["attention_mask"]
        labels = torch.stack([item["labels"] for item in items])
        return {"input_ids": input_ids, "attention_mask": attention_mask, "labels": labels}

    generator = torch.Generator().manual_seed(seed)
    return DataLoader(NSMCDataset(df, tokenizer, max_length), batch_size=batch_size, shuffle=shuffle,
                      collate_fn=collate, generator=generator)


def build_optimizer(model: PreTrainedModel, lr: float = 5e-5, weight_decay: float = 0.01) -> torch.optim.AdamW:
    """AdamW over the parameters that require gradients, in two groups: weight decay on
    weight matrices, none on biases and LayerNorm weights."""
    decay, no_decay = [], []
    for name, param in model.named_parameters():
        if not param.requires_grad:
            continue
        if name.endswith("bias") or "LayerNorm" in name or "layernorm" in name.lower():
            no_decay.append(param)
        else:
            decay.append(param)
    groups = [{"params": decay, "weight_decay": weight_decay}, {"params": no_decay, "weight_decay": 0.0}]
    return torch.optim.AdamW(groups, lr=lr)


def linear_warmup_schedule(optimizer: torch.optim.Optimizer, num_warmup_steps: int,
                           num_training_steps: int) -> torch.optim.lr_scheduler.LambdaLR:
    """Learning rate rising linearly from 0 to the optimizer's lr over the warmup steps, then
    falling linearly to 0 at num_training_steps."""

    def factor(step: int) -> float:
        if step < num_warmup_steps:
            return step / max(1, num_warmup_steps)
        return max(0.0, (num_training_steps - step) / max(1, num_training_steps - num_warmup_steps))

    return torch.optim.lr_scheduler.LambdaLR(optimizer, factor)


def train_epoch(model: PreTrainedModel, loader: DataLoader, optimizer: torch.optim.Optimizer,
                device: str | torch.device, scheduler=None, max_grad_norm: float = 1.0) -> float:
    """One pass over `loader` in train mode; returns the mean of the batch losses."""
    model.train()
    losses = []
    for batch in loader:
        batch = {key: value.to(device) for key, value in batch.items()}
        optimizer.zero_grad()
        loss = model(**batch).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), max_grad_norm)
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
        losses.append(loss.item())
    return sum(losses) / len(losses)


def evaluate(model: PreTrainedModel, loader: DataLoader, device: str | torch.device) -> float:
    """Accuracy of the model's argmax prediction over `loader`, in eval mode, without gradients."""
    model.eval()
    correct = total = 0
    with torch.no_grad():
        for batch in loader:
            batch = {key: value.to(device) for key, value in batch.items()}
            predictions = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits.argmax(-1)
            correct += (predictions == batch["labels"]).sum().item()
            total += len(predictions)
    return correct / total


def train_model(train_df: pd.DataFrame, test_df: pd.DataFrame, freeze: bool = False, epochs: int = 2,
                lr: float | None = None, batch_size: int = 16, seed: int = 0,
                model_name_or_path: str | None = None, device: str | None = None) -> dict[str, list[float]]:
    """The lesson's experiment: fine-tune a 2-label classifier (the encoder frozen when asked)
    and return {"train_loss": [...], "eval_acc": [...]}, one entry per epoch.

    Reference learning rates: 2e-4 for full fine-tuning, 5e-3 for the frozen encoder (only
    the head learns); 10 % of the steps warm up. `device=None` means "cuda" when
    torch.cuda.is_available(), else "cpu".
    """
    torch.manual_seed(seed)
    device = device or ("cuda" if torch.cuda.is_available() else "cpu")
    name = model_name_or_path or kit_model()
    tokenizer = AutoTokenizer.from_pretrained(name)
    model = AutoModelForSequenceClassification.from_pretrained(name, num_labels=2).to(device)
    if freeze:
        for param in model.base_model.parameters():
            param.requires_grad = False
    lr = lr if lr is not None else (FROZEN_LR if freeze else FULL_LR)
    train_loader = make_loader(train_df, tokenizer, batch_size, shuffle=True, seed=seed)
    test_loader = make_loader(test_df, tokenizer, batch_size=64)
    optimizer = build_optimizer(model, lr=lr)
    total = epochs * len(train_loader)
    scheduler = linear_warmup_schedule(optimizer, math.ceil(0.1 * total), total)
    history = {"train_loss": [], "eval_acc": []}
    for _ in range(epochs):
        history["train_loss"].append(train_epoch(model, train_loader, optimizer, device, scheduler))
        history["eval_acc"].append(evaluate(model, test_loader, device))
    return history


def plot_history(histories: dict[str, dict[str, list[float]]]) -> go.Figure:
    """Two panels, loss and accuracy by epoch, one line per strategy (the dict's keys)."""
    figure = make_subplots(rows=1, cols=2, subplot_titles=("Training loss", "Test accuracy"))
    for strategy, history in histories.items():
        epochs = list(range(1, len(history["train_loss"]) + 1))
        figure.add_trace(go.Scatter(x=epochs, y=history["train_loss"], mode="lines+markers", name=strategy,
                                    legendgroup=strategy), row=1, col=1)
        figure.add_trace(go.Scatter(x=epochs, y=history["eval_acc"], mode="lines+markers", name=strategy,
                                    legendgroup=strategy, showlegend=False), row=1, col=2)
    figure.update_xaxes(title_text="epoch")
    figure.update_yaxes(title_text="loss", row=1, col=1)
    figure.update_yaxes(title_text="accuracy", row=1, col=2)
    figure.update_layout(title="Frozen encoder vs full fine-tuning on NSMC")
    return figure
