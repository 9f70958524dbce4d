"""make_loader: shuffles with the global random state, ignoring `seed`."""

from transformers import DataCollatorWithPadding


def make_loader(df, tokenizer, batch_size=16, shuffle=False, max_length=128, seed=0):
    return DataLoader(NSMCDataset(df, tokenizer, max_length), batch_size=batch_size, shuffle=shuffle,
                      collate_fn=DataCollatorWithPadding(tokenizer, return_tensors="pt"))
