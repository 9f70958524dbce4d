"""NSMCDataset: str(document) turns a missing review into the text "nan"."""

import torch


class NSMCDataset(torch.utils.data.Dataset):
    def __init__(self, df, tokenizer, max_length=128):
        self.encodings = tokenizer([str(t) for t in df["document"]], truncation=True, max_length=max_length)
        self.labels = [int(x) for x in df["label"]]

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, index):
        return {"input_ids": torch.tensor(self.encodings["input_ids"][index]),
                "attention_mask": torch.tensor(self.encodings["attention_mask"][index]),
                "labels": torch.tensor(self.labels[index])}
