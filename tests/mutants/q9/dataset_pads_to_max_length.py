"""NSMCDataset: pads every item to max_length, so loaders carry needless [PAD]s."""

import pandas as pd
import torch


class NSMCDataset(torch.utils.data.Dataset):
    def __init__(self, df, tokenizer, max_length=128):
        texts = ["" if pd.isna(t) else str(t) for t in df["document"]]
        self.encodings = tokenizer(texts, truncation=True, padding="max_length", max_length=max_length)
        self.labels = [int(x) for x in df["label"]]

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, index):
        return {"input_ids": torch.tensor(self.encodings["input_ids"][index]),
                "attention_mask": torch.tensor(self.encodings["attention_mask"][index]),
                "labels": torch.tensor(self.labels[index])}
