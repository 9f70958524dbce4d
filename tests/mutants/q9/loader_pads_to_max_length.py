"""make_loader: pads every batch to max_length instead of to its own longest item."""

import torch


def make_loader(df, tokenizer, batch_size=16, shuffle=False, max_length=128, seed=0):
    def collate(items):
        input_ids = torch.full((len(items), max_length), tokenizer.pad_token_id, dtype=torch.long)
        attention_mask = torch.zeros((len(items), max_length), dtype=torch.long)
        for row, item in enumerate(items):
            input_ids[row, : len(item["input_ids"])] = item["input_ids"]
            attention_mask[row, : len(item["input_ids"])] = 1
        return {"input_ids": input_ids, "attention_mask": attention_mask,
                "labels": torch.stack([item["labels"] for item in items])}

    return torch.utils.data.DataLoader(NSMCDataset(df, tokenizer, max_length), batch_size=batch_size,
                                       shuffle=shuffle, collate_fn=collate,
                                       generator=torch.Generator().manual_seed(seed))
