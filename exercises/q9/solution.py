"""Question 9 — a sentiment classifier on NSMC, frozen encoder vs full fine-tuning.

Write the pieces of a training loop, then the experiment that compares the two strategies.
`pytest exercises/q9` checks them; `kit hint q9` helps.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import torch
from plotly.subplots import make_subplots
from torch.utils.data import DataLoader, Dataset
from transformers import AutoModelForSequenceClassification, AutoTokenizer, PreTrainedModel

from kit.assets import model_name_or_path as kit_model

# Your learning rates: choose one for each strategy and say why in train_model's docstring.
FULL_LR = 5e-5
FROZEN_LR = 5e-5


class NSMCDataset(Dataset):
    """NSMC reviews as model inputs: item i is {"input_ids": (seq,), "attention_mask": (seq,),
    "labels": ()} with seq <= max_length, unpadded; a missing document becomes "".

    About 12 lines in all (tokenize once in __init__, build tensors in __getitem__).
    """

    def __init__(self, df: pd.DataFrame, tokenizer, max_length: int = 128):
        # TODO(q9): tokenize every document once (no padding here) and keep the labels.
        raise NotImplementedError("q9.NSMCDataset")

    def __len__(self) -> int:
        raise NotImplementedError("q9.NSMCDataset")

    def __getitem__(self, index: int) -> dict[str, torch.Tensor]:
        raise NotImplementedError("q9.NSMCDataset")


def make_loader(df: pd.DataFrame, tokenizer, batch_size: int = 16, shuffle: bool = False,
                max_length: int = 128, seed: int = 0) -> DataLoader:
    """A DataLoader whose batches are padded to their own longest item: input_ids and
    attention_mask (batch, longest), labels (batch,). Shuffling is reproducible from `seed`.

    About 15 lines (a collate function that pads, and a seeded torch.Generator).
    """
    # TODO(q9): build an NSMCDataset and a DataLoader with a padding collate_fn.
    raise NotImplementedError("q9.make_loader")


def build_optimizer(model: PreTrainedModel, lr: float = 5e-5, weight_decay: float = 0.01) -> torch.optim.AdamW:
    """AdamW over the parameters that require gradients, in two groups: weight decay on
    weight matrices, none on biases and LayerNorm weights.

    About 10 lines.
    """
    # TODO(q9): split the trainable parameters by name into two parameter groups.
    raise NotImplementedError("q9.build_optimizer")


def linear_warmup_schedule(optimizer: torch.optim.Optimizer, num_warmup_steps: int,
                           num_training_steps: int) -> torch.optim.lr_scheduler.LambdaLR:
    """Learning rate rising linearly from 0 to the optimizer's lr over the warmup steps, then
    falling linearly to 0 at num_training_steps.

    About 6 lines (a LambdaLR with a factor function).
    """
    # TODO(q9): return a LambdaLR whose factor is step/warmup, then the linear decay.
    raise NotImplementedError("q9.linear_warmup_schedule")


def train_epoch(model: PreTrainedModel, loader: DataLoader, optimizer: torch.optim.Optimizer,
                device: str | torch.device, scheduler=None, max_grad_norm: float = 1.0) -> float:
    """One pass over `loader` in train mode; returns the mean of the batch losses.

    Per batch: zero the gradients, forward with labels, backward, clip the gradient norm to
    max_grad_norm, step the optimizer, step the scheduler (when given). About 12 lines.
    """
    # TODO(q9): the training loop of one epoch.
    raise NotImplementedError("q9.train_epoch")


def evaluate(model: PreTrainedModel, loader: DataLoader, device: str | torch.device) -> float:
    """Accuracy of the model's argmax prediction over `loader`, in eval mode, without gradients.

    About 10 lines.
    """
    # TODO(q9): count correct argmax predictions under torch.no_grad().
    raise NotImplementedError("q9.evaluate")


def train_model(train_df: pd.DataFrame, test_df: pd.DataFrame, freeze: bool = False, epochs: int = 2,
                lr: float | None = None, batch_size: int = 16, seed: int = 0,
                model_name_or_path: str | None = None, device: str | None = None) -> dict[str, list[float]]:
    """The lesson's experiment: fine-tune a 2-label classifier (the encoder frozen when asked)
    and return {"train_loss": [...], "eval_acc": [...]}, one entry per epoch.

    `lr=None` means your choice for the strategy (FULL_LR or FROZEN_LR above); `model_name_or_path=None`
    the kit's model (`kit_model()`); `device=None` means "cuda" when torch.cuda.is_available(),
    else "cpu". About 20 lines.
    """
    # TODO(q9): seed, load, freeze when asked, build loaders/optimizer/schedule, then train and evaluate.
    raise NotImplementedError("q9.train_model")


def plot_history(histories: dict[str, dict[str, list[float]]]) -> go.Figure:
    """Two panels, loss and accuracy by epoch, one line per strategy (the dict's keys).

    About 12 lines with plotly's make_subplots.
    """
    # TODO(q9): one subplot for train_loss, one for eval_acc, a trace per strategy, titles and axis labels.
    raise NotImplementedError("q9.plot_history")
