"""make_loader: pads input_ids but sets the whole attention_mask to 1, so [PAD]s are attended."""

import torch


def make_loader(df, tokenizer, batch_size=16, shuffle=False, max_length=128, seed=0):
    def collate(items):
        longest = max(len(item["input_ids"]) for item in items)
        input_ids = torch.full((len(items), longest), tokenizer.pad_token_id, dtype=torch.long)
        for row, item in enumerate(items):
            input_ids[row, : len(item["input_ids"])] = item["input_ids"]
        return {"input_ids": input_ids, "attention_mask": torch.ones_like(input_ids),
                "labels": torch.stack([item["labels"] for item in items])}

    return torch.utils.data.DataLoader(NSMCDataset(df, tokenizer, max_length), batch_size=batch_size,
                                       shuffle=shuffle, collate_fn=collate,
                                       generator=torch.Generator().manual_seed(seed))
